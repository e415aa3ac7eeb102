import {
  Destination,
  destinationRoot,
  joinStorePath,
  KRATIX_LABELS,
  KRATIX_SYSTEM_NAMESPACE,
  KratixPromise,
  md5Hex,
  nestedPlacementFolder,
  noneModeStateFile,
  ResourceRequest,
  workNamespaceOf,
  workPlacementName,
} from '@kratix-backstage/plugin-kratix-common';
import { stringify } from 'yaml';
import { composeSubRequests } from './compose';

/** One document a pipeline wrote, relative to its output folder. @public */
export interface StandInWorkload {
  filepath: string;
  content: string;
}

/**
 * One WorkPlacement as the stand-in makes it: the documents one pipeline (or a Promise's
 * static dependencies) wrote for one Destination, named as Kratix names it.
 * @public
 */
export interface StandInWork {
  /** The WorkPlacement's name (see workPlacementName). */
  name: string;
  /** The WorkPlacement's namespace: the Work's (a pipeline namespace where one is set). */
  namespace: string;
  type: 'resource' | 'dependency';
  promise: string;
  resource?: string;
  /** The pipeline; absent for a Promise's static `spec.dependencies`. */
  pipeline?: string;
  destination: Destination;
  workloads: StandInWorkload[];
}

/** The five characters that stand for the random end of a Work's name, kept stable here. */
const random5 = (key: string) => md5Hex(key).slice(0, 5);

/** The default workload group's folder (md5 of "."), as every stand-in work has one group. */
const DEFAULT_GROUP = '5058f';

/** The resource configure pipelines of a Promise (one named instance-configure if none). */
export function resourcePipelines(promise: KratixPromise): string[] {
  const names = (promise.spec.workflows?.resource?.configure ?? [])
    .map(p => p.metadata?.name)
    .filter((p): p is string => !!p);
  return names.length ? names : ['instance-configure'];
}

/**
 * What each resource configure pipeline writes for a request, as no real image runs here:
 * a ConfigMap naming the request (not its spec: a real pipeline's output changes only when
 * what it renders does, and an update that renders the same leaves the store as it was),
 * and, from the first pipeline of a composite Promise, the sub-requests it emits.
 * @public
 */
export function requestWorks(
  promise: KratixPromise,
  request: ResourceRequest,
  promises: KratixPromise[],
  destination: Destination,
  /** The Promise version the request is bound to, recorded in what the pipeline writes. */
  promiseVersion?: string,
): StandInWork[] {
  const requestNamespace = request.metadata.namespace ?? 'default';
  const inPipelineNamespace =
    !!promise.spec.workflows?.config?.pipelineNamespace;
  const subRequests = composeSubRequests(request, promise, promises);
  return resourcePipelines(promise).map((pipeline, index) => {
    const workloads: StandInWorkload[] = [
      {
        filepath: `${request.kind.toLowerCase()}-${request.metadata.name}.yaml`,
        content: stringify({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: {
            name: `${promise.metadata.name}-${request.metadata.name}`.slice(
              0,
              63,
            ),
            namespace: requestNamespace,
            labels: {
              [KRATIX_LABELS.promiseName]: promise.metadata.name,
              [KRATIX_LABELS.resourceName]: request.metadata.name,
              [KRATIX_LABELS.pipelineName]: pipeline,
            },
          },
          data: {
            promise: promise.metadata.name,
            pipeline,
            ...(promiseVersion && { promiseVersion }),
          },
        }),
      },
    ];
    if (index === 0 && subRequests.length > 0)
      workloads.push({
        filepath: 'requests.yaml',
        content: subRequests.map(r => stringify(r)).join('---\n'),
      });
    return {
      name: workPlacementName({
        promise: promise.metadata.name,
        resource: request.metadata.name,
        resourceNamespace: inPipelineNamespace ? requestNamespace : undefined,
        pipeline,
        random: random5(
          `${requestNamespace}/${request.metadata.name}/${pipeline}`,
        ),
        destination: destination.metadata.name,
        groupId5: DEFAULT_GROUP,
      }),
      namespace: workNamespaceOf(promise, requestNamespace),
      type: 'resource',
      promise: promise.metadata.name,
      resource: request.metadata.name,
      pipeline,
      destination,
      workloads,
    };
  });
}

/**
 * A Promise's worker resources on one Destination: its static `spec.dependencies` (one
 * file under `static/`) and the output of each Promise configure pipeline.
 * @public
 */
export function promiseWorks(
  promise: KratixPromise,
  destination: Destination,
): StandInWork[] {
  const name = promise.metadata.name;
  const works: StandInWork[] = [];
  const dependencies = promise.spec?.dependencies ?? [];
  const base = {
    namespace: KRATIX_SYSTEM_NAMESPACE,
    type: 'dependency' as const,
    promise: name,
    destination,
  };
  if (dependencies.length > 0)
    works.push({
      ...base,
      // Kratix names the Work of static dependencies `<promise>-static-deps`
      // (internal/controller/promise_controller.go).
      name: workPlacementName({
        promise: name,
        pipeline: 'static-deps',
        random: random5(name),
        destination: destination.metadata.name,
        groupId5: DEFAULT_GROUP,
      }),
      workloads: [
        {
          filepath: `static/${name}-dependencies.yaml`,
          content: dependencies.map(d => stringify(d)).join('---\n'),
        },
      ],
    });
  for (const pipeline of (promise.spec?.workflows?.promise?.configure ?? [])
    .map(p => p.metadata?.name)
    .filter((p): p is string => !!p)) {
    works.push({
      ...base,
      name: workPlacementName({
        promise: name,
        pipeline,
        random: random5(`${name}/${pipeline}`),
        destination: destination.metadata.name,
        groupId5: DEFAULT_GROUP,
      }),
      pipeline,
      workloads: [
        {
          filepath: `${name}-${pipeline}.yaml`,
          content: stringify({
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: {
              name: `${name}-${pipeline}`.slice(0, 63),
              namespace: 'default',
              labels: { [KRATIX_LABELS.promiseName]: name },
            },
            data: {
              promise: name,
              version:
                promise.metadata.labels?.[KRATIX_LABELS.promiseVersion] ?? '',
            },
          }),
        },
      ],
    });
  }
  return works;
}

/**
 * The files a work occupies on a `nestedByMetadata` or `none` Destination, by path in the
 * repository: its group folder in nested mode; flat under the Destination's path in `none`
 * mode, with Kratix's record of them in `.kratix/<namespace>-<name>.yaml` (paths relative to
 * the state store's path: internal/controller/workplacement_controller.go
 * writeWorkloadsToStateStore, generateKratixStateFile).
 * @public
 */
export function filesOfWork(
  work: StandInWork,
  storePath: string | undefined,
): Map<string, string> {
  const destinationPath =
    work.destination.spec.path ?? work.destination.metadata.name;
  const files = new Map<string, string>();
  if (work.destination.spec.filepath?.mode === 'none') {
    const root = destinationRoot(storePath, destinationPath);
    for (const w of work.workloads)
      files.set(joinStorePath(root, w.filepath), w.content);
    files.set(
      noneModeStateFile(storePath, destinationPath, work.namespace, work.name),
      stringify({
        files: work.workloads.map(w =>
          joinStorePath(destinationPath, w.filepath),
        ),
      }),
    );
    return files;
  }
  const folder = nestedPlacementFolder({
    storePath,
    destinationPath,
    promise: work.promise,
    namespace: work.type === 'resource' ? work.namespace : undefined,
    resource: work.resource,
    pipeline: work.pipeline,
  });
  for (const w of work.workloads)
    files.set(joinStorePath(folder, w.filepath), w.content);
  return files;
}

/**
 * An `aggregatedYAML` Destination's one file: the documents of every work on it, in the
 * order of their names, separated by `---` (workplacement_controller.go
 * getAggregatedWorkload, combineAllWorkloads).
 * @public
 */
export function aggregatedFile(
  destination: Destination,
  storePath: string | undefined,
  works: StandInWork[],
): { path: string; content: string } {
  const path = joinStorePath(
    destinationRoot(
      storePath,
      destination.spec.path ?? destination.metadata.name,
    ),
    destination.spec.filepath?.filename ?? 'aggregated.yaml',
  );
  const content = [...works]
    // By name, as Kratix sorts them (byte order, not locale order).
    .sort((a, b) => Number(a.name > b.name) - Number(a.name < b.name))
    .flatMap(w => w.workloads.map(l => l.content))
    .join('\n---\n');
  return { path, content };
}
