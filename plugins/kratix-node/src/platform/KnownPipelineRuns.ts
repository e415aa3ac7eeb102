import {
  canonicalJson,
  md5Hex,
  PipelineRun,
  ResourceRequest,
} from '@kratix-backstage/plugin-kratix-common';

/** A resource configure pipeline run known to the backend itself (the embedded stand-in's). @public */
export interface KnownPipelineRun {
  promise: string;
  namespace: string;
  resource: string;
  pipeline: string;
  /** {@link requestRevisionHash} of the request the run was for. */
  requestHash: string;
  /** The Promise version the run rendered the request with (its binding's). */
  promiseVersion?: string;
  /** ISO 8601 time the run completed. */
  time: string;
  /** The state-store commit it made; absent when its output was unchanged (no commit). */
  commit?: string;
}

/** Identifies a request's apiVersion and spec, what a configure run renders. @public */
export function requestRevisionHash(request: ResourceRequest): string {
  return md5Hex(
    canonicalJson({ apiVersion: request.apiVersion, spec: request.spec ?? {} }),
  );
}

const keyOf = (promise: string, namespace: string, name: string) =>
  `${promise}/${namespace}/${name}`;

/** How many runs are kept per request. */
const KEPT_PER_REQUEST = 20;

/**
 * Pipeline runs that the state store's history cannot show: Kratix commits nothing when a
 * run's output is unchanged, so such runs leave no trace in git. The embedded stand-in
 * records each run it makes here, and a gitops platform reads them beside the history.
 * In memory, newest last, the last few per request.
 * @public
 */
export class KnownPipelineRuns {
  private readonly runs = new Map<string, KnownPipelineRun[]>();

  record(run: KnownPipelineRun): void {
    const key = keyOf(run.promise, run.namespace, run.resource);
    const list = [...(this.runs.get(key) ?? []), run];
    this.runs.set(key, list.slice(-KEPT_PER_REQUEST));
  }

  forRequest(
    promise: string,
    namespace: string,
    name: string,
  ): KnownPipelineRun[] {
    return this.runs.get(keyOf(promise, namespace, name)) ?? [];
  }

  /** Forgets a deleted request's runs. */
  forget(promise: string, namespace: string, name: string): void {
    this.runs.delete(keyOf(promise, namespace, name));
  }

  /** Every known run as a pipeline run of the platform, newest first. */
  pipelineRuns(): PipelineRun[] {
    return [...this.runs.values()]
      .flat()
      .sort((a, b) => Date.parse(b.time) - Date.parse(a.time))
      .map(run => ({
        name: [
          run.promise,
          run.resource,
          run.pipeline,
          run.requestHash.slice(0, 5),
          Date.parse(run.time).toString(36),
        ].join('-'),
        namespace: run.namespace,
        promise: run.promise,
        resource: run.resource,
        pipeline: run.pipeline,
        type: 'resource' as const,
        action: 'configure' as const,
        state: 'Succeeded' as const,
        startTime: run.time,
        completionTime: run.time,
        commit: run.commit,
        message: run.commit
          ? `Run by the embedded stand-in; its documents were delivered in commit ${run.commit.slice(
              0,
              7,
            )}`
          : 'Run by the embedded stand-in; its output was unchanged, so nothing was committed (as Kratix does)',
      }));
  }
}
