import {
  Destination,
  KratixPromise,
  LegacyCluster,
  Placement,
  PipelineRun,
  ResourceRequest,
  StateStore,
} from '@kratix-backstage/plugin-kratix-common';
import {
  InstallPromiseResult,
  KratixPlatform,
  PipelineLogs,
  PlatformHealth,
  RequestQuery,
  SubmitRequestResult,
} from '@kratix-backstage/plugin-kratix-node';

/** The objects a {@link FakeKratixPlatform} serves. */
export interface FakePlatformContents {
  promises?: KratixPromise[];
  destinations?: Array<Destination | LegacyCluster>;
  /** Requests keyed by the name of their Promise. */
  requests?: Record<string, ResourceRequest[]>;
}

/** An in-memory platform for tests: serves what it was given, refuses every write. */
export class FakeKratixPlatform implements KratixPlatform {
  readonly mode = 'gitops' as const;
  readonly title: string;
  contents: FakePlatformContents;
  /** What health() reports; a platform that was never read is not synced. */
  synced = true;

  constructor(
    readonly name: string,
    contents: FakePlatformContents = {},
    title?: string,
  ) {
    this.contents = contents;
    this.title = title ?? name;
  }

  async listPromises(): Promise<KratixPromise[]> {
    return this.contents.promises ?? [];
  }

  async getPromise(name: string): Promise<KratixPromise | undefined> {
    return (await this.listPromises()).find(p => p.metadata.name === name);
  }

  async listDestinations(): Promise<Array<Destination | LegacyCluster>> {
    return this.contents.destinations ?? [];
  }

  async listStateStores(): Promise<StateStore[]> {
    return [];
  }

  async listRequests(query: RequestQuery = {}): Promise<ResourceRequest[]> {
    const byPromise = this.contents.requests ?? {};
    const lists = query.promise
      ? [byPromise[query.promise] ?? []]
      : Object.values(byPromise);
    return lists
      .flat()
      .filter(
        r => !query.namespace || r.metadata.namespace === query.namespace,
      );
  }

  async listPlacements(): Promise<Placement[]> {
    return [];
  }

  async listPipelineRuns(): Promise<PipelineRun[]> {
    return [];
  }

  async readPipelineLogs(): Promise<PipelineLogs> {
    throw new Error('FakeKratixPlatform has no pipeline logs');
  }

  async manageRequest(): Promise<{ message: string }> {
    throw new Error('FakeKratixPlatform is read-only');
  }

  async registerDestination(): Promise<{ action: 'created'; dryRun: boolean }> {
    throw new Error('FakeKratixPlatform is read-only');
  }

  async installPromise(): Promise<InstallPromiseResult> {
    throw new Error('FakeKratixPlatform is read-only');
  }

  async submitRequest(): Promise<SubmitRequestResult> {
    throw new Error('FakeKratixPlatform is read-only');
  }

  health(): PlatformHealth {
    return this.synced
      ? { connected: true, synced: true }
      : { connected: false, synced: false, lastError: 'connect ECONNREFUSED' };
  }
}
