import { randomBytes } from 'node:crypto';
import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import {
  DRY_RUN_KEYS,
  DRY_RUN_RESOURCE,
  dryRunPreviewOf,
  KRATIX_KINDS,
  KRATIX_SYSTEM_NAMESPACE,
  KratixDryRun,
  KubernetesObject,
} from '@kratix-backstage/plugin-kratix-common';
import {
  KubernetesApiClient,
  ResourceType,
} from '../kubernetes/KubernetesApiClient';
import { KubernetesApiError } from '../kubernetes/KubernetesApiError';
import type { RequestRef, UserClusterCredentials } from './KratixPlatform';
import {
  DryRunStartOptions,
  DryRunSupport,
  PlatformDryRun,
  SUITE_DRY_RUN_KEYS,
} from './PlatformDryRuns';

const DRY_RUNS: ResourceType = {
  group: DRY_RUN_RESOURCE.group,
  version: DRY_RUN_RESOURCE.version,
  plural: DRY_RUN_RESOURCE.plural,
  namespaced: true,
};
const WORKS: ResourceType = {
  group: DRY_RUN_RESOURCE.group,
  version: DRY_RUN_RESOURCE.version,
  plural: KRATIX_KINDS.Work.plural,
  namespaced: true,
};

/** How long an answer of API discovery is trusted. */
const SUPPORT_TTL_MS = 60_000;
/** DryRuns the suite made longer ago than this are deleted when a new one starts. */
const KEEP_MS = 60 * 60_000;
/** After this long without a word from Kratix, a pending DryRun says why it may stay so. */
const QUIET_MS = 2 * 60_000;

/**
 * A DryRun's name: `backstage-<request>-<5 random characters>`, at most 63 characters, as
 * Kratix puts the name in a label value (`kratix.io/dry-run-owner`).
 */
export function dryRunName(request: string): string {
  const suffix = randomBytes(4).readUInt32BE(0).toString(36).padStart(5, '0');
  let head = request.slice(0, 63 - 'backstage-'.length - 6);
  while (head && !/[a-z0-9]$/.test(head)) head = head.slice(0, -1);
  return `backstage-${head}-${suffix.slice(-5)}`;
}

/**
 * Kratix's DryRun on a platform's cluster (internal/controller/dryrun_controller.go at
 * Kratix HEAD, behind its `featureFlags.dryRun`): whether the API server serves it, creating
 * one for a request, and reading it back with the summary Work Kratix writes in the DryRun's
 * namespace (`kratix-platform-system` for none) with the labels `kratix.io/dry-run-summary`
 * and `kratix.io/dry-run-owner`.
 */
export class KubernetesDryRuns {
  private support?: { at: number; answer: DryRunSupport };

  constructor(
    private readonly options: {
      platform: string;
      client: KubernetesApiClient;
      /** The client writes go through (the user's own where the platform acts as them). */
      writer(asUser?: UserClusterCredentials): KubernetesApiClient;
      /** A Work's documents, decoded. */
      readWorkloads(
        namespace: string,
        name: string,
      ): Promise<Array<{ filepath: string; content: string }>>;
      logger?: LoggerService;
      now?: () => number;
    },
  ) {}

  private now() {
    return this.options.now?.() ?? Date.now();
  }

  async dryRunSupport(): Promise<DryRunSupport> {
    if (this.support && this.now() - this.support.at < SUPPORT_TTL_MS)
      return this.support.answer;
    const served = await this.options.client.servesResource(DRY_RUNS);
    const answer: DryRunSupport = served
      ? { supported: true }
      : {
          supported: false,
          reason: `Platform ${this.options.platform} serves no Kratix DryRun (dryruns.platform.kratix.io): its Kratix predates the DryRun preview; showing the document the suite would write`,
        };
    this.support = { at: this.now(), answer };
    return answer;
  }

  async startDryRun(
    ref: RequestRef,
    spec: Record<string, unknown>,
    options: DryRunStartOptions,
  ): Promise<PlatformDryRun> {
    const support = await this.dryRunSupport();
    if (!support.supported) throw new ConflictError(support.reason);
    await this.deleteOldDryRuns();
    const body: KratixDryRun = {
      apiVersion: `${DRY_RUN_RESOURCE.group}/${DRY_RUN_RESOURCE.version}`,
      kind: 'DryRun',
      metadata: {
        name: dryRunName(ref.name),
        namespace: ref.namespace,
        labels: {
          [SUITE_DRY_RUN_KEYS.managedBy]: SUITE_DRY_RUN_KEYS.managedByValue,
        },
        annotations: { [SUITE_DRY_RUN_KEYS.requester]: options.requester },
      },
      spec: {
        promiseRef: { name: ref.promise },
        resourceRequestRef: { name: ref.name, namespace: ref.namespace },
        resource: spec,
      },
    };
    const created = await this.options
      .writer(options.asUser)
      .create<KratixDryRun>(DRY_RUNS, body as unknown as KubernetesObject);
    return this.recordOf(created);
  }

  /** A DryRun the suite made, or undefined for none of that name or one it did not make. */
  async readDryRun(
    namespace: string,
    name: string,
  ): Promise<PlatformDryRun | undefined> {
    let dryRun: KratixDryRun;
    try {
      dryRun = await this.options.client.get<KratixDryRun>(
        DRY_RUNS,
        name,
        namespace,
      );
    } catch (error) {
      if (error instanceof KubernetesApiError && error.statusCode === 404)
        return undefined;
      throw error;
    }
    // Only the suite's own: a DryRun someone made on the cluster is their preview, not ours.
    if (
      dryRun.kind !== 'DryRun' ||
      dryRun.metadata?.labels?.[SUITE_DRY_RUN_KEYS.managedBy] !==
        SUITE_DRY_RUN_KEYS.managedByValue
    )
      return undefined;
    const started = dryRunPreviewOf(dryRun);
    const summary =
      started.state === 'pending' ? undefined : await this.summaryOf(dryRun);
    return this.recordOf(dryRun, summary);
  }

  /** The markdown of the DryRun's summary Work, where Kratix wrote one. */
  private async summaryOf(dryRun: KratixDryRun): Promise<string | undefined> {
    // writeSummary: the summary Work goes to the DryRun's namespace, or Kratix's own for none.
    const namespace = dryRun.metadata.namespace || KRATIX_SYSTEM_NAMESPACE;
    const { items } = await this.options.client.list<{
      metadata: { name: string };
    }>(WORKS, {
      namespace,
      labelSelector: `${DRY_RUN_KEYS.summary}=true,${DRY_RUN_KEYS.owner}=${dryRun.metadata.name}`,
      withoutWorkloadContent: true,
    });
    if (!items.length) return undefined;
    const documents = await this.options.readWorkloads(
      namespace,
      items[0].metadata.name,
    );
    return [...documents].sort((a, b) =>
      a.filepath.localeCompare(b.filepath),
    )[0]?.content;
  }

  private recordOf(dryRun: KratixDryRun, summary?: string): PlatformDryRun {
    const preview = dryRunPreviewOf(dryRun, summary);
    const created = Date.parse(dryRun.metadata.creationTimestamp ?? '');
    if (
      preview.state === 'pending' &&
      !dryRun.status?.conditions?.length &&
      this.now() - created > QUIET_MS
    ) {
      preview.message = `Kratix has not reported on this DryRun for ${Math.round(
        (this.now() - created) / 60_000,
      )} minutes: its DryRun controller runs only where Kratix's featureFlags.dryRun is on`;
    }
    return {
      preview,
      requester: dryRun.metadata.annotations?.[SUITE_DRY_RUN_KEYS.requester],
      promise: dryRun.spec.promiseRef.name,
      request: {
        namespace:
          dryRun.spec.resourceRequestRef.namespace ??
          dryRun.metadata.namespace ??
          '',
        name: dryRun.spec.resourceRequestRef.name,
      },
    };
  }

  /**
   * Deletes the DryRuns the suite made over an hour ago (Kratix removes their component
   * DryRuns and ephemeral requests with them, being their owner), as the platform's own
   * identity; one it may not delete is left, and said in the log.
   */
  private async deleteOldDryRuns(): Promise<void> {
    const { client, logger, platform } = this.options;
    try {
      const { items } = await client.list<KratixDryRun>(DRY_RUNS, {
        labelSelector: `${SUITE_DRY_RUN_KEYS.managedBy}=${SUITE_DRY_RUN_KEYS.managedByValue}`,
      });
      const old = items.filter(
        d =>
          this.now() - Date.parse(d.metadata.creationTimestamp ?? '') > KEEP_MS,
      );
      for (const d of old) {
        await client
          .delete(DRY_RUNS, d.metadata.name, d.metadata.namespace)
          .catch(error => {
            if (
              !(error instanceof KubernetesApiError && error.statusCode === 404)
            )
              throw error;
          });
      }
    } catch (error) {
      logger?.warn(
        `Platform ${platform}: could not delete old DryRuns the suite made: ${error}`,
      );
    }
  }
}
