import { FilepathMode } from '../model';
import { workloadGroupFolder } from './md5';

/** What a set of documents in a state store belongs to. @public */
export interface PlacementParts {
  /** `spec.path` of the state store (e.g. `destinations/`). */
  storePath?: string;
  /** `spec.path` of the Destination; "." or "/" is the store root. */
  destinationPath: string;
  promise: string;
  /** The Work's namespace; only for resource (request) output. */
  namespace?: string;
  /** The request's name; absent for Promise-level output (worker resources). */
  resource?: string;
  /** The pipeline that wrote the files; empty for a Promise's static dependencies. */
  pipeline?: string;
  /** The workload group's output directory (default "."). */
  directory?: string;
}

/** Joins path segments with single slashes, dropping empty, "." and "/" segments. @public */
export function joinStorePath(...segments: Array<string | undefined>): string {
  return segments
    .flatMap(s => (s ?? '').split('/'))
    .filter(s => s !== '' && s !== '.')
    .join('/');
}

/** The Destination's folder in the store: `<store.path>/<destination.path>`. @public */
export function destinationRoot(
  storePath: string | undefined,
  destinationPath: string,
): string {
  return joinStorePath(storePath, destinationPath);
}

/**
 * The folder Kratix writes a workload group to in `nestedByMetadata` mode:
 * `…/dependencies/<promise>/<pipeline>/<id5>` for Promise output, and
 * `…/resources/<namespace>/<promise>/<resource>/<pipeline>/<id5>` for a request's.
 * @public
 */
export function nestedPlacementFolder(parts: PlacementParts): string {
  const id5 = workloadGroupFolder(parts.directory ?? '.');
  const root = destinationRoot(parts.storePath, parts.destinationPath);
  if (parts.resource) {
    if (!parts.namespace)
      throw new Error('A resource placement needs the namespace of its Work');
    return joinStorePath(
      root,
      'resources',
      parts.namespace,
      parts.promise,
      parts.resource,
      parts.pipeline,
      id5,
    );
  }
  return joinStorePath(
    root,
    'dependencies',
    parts.promise,
    parts.pipeline,
    id5,
  );
}

/**
 * Where documents of a placement are in the store for a Destination's filepath mode: a
 * folder (nestedByMetadata), the single aggregated file (aggregatedYAML), or the
 * Destination root where files land flat (none).
 * @public
 */
export function placementLocation(
  parts: PlacementParts,
  filepath: { mode?: FilepathMode; filename?: string } = {},
): { kind: 'folder' | 'file'; path: string } {
  const root = destinationRoot(parts.storePath, parts.destinationPath);
  switch (filepath.mode ?? 'nestedByMetadata') {
    case 'aggregatedYAML':
      return {
        kind: 'file',
        path: joinStorePath(root, filepath.filename ?? 'aggregated.yaml'),
      };
    case 'none':
      return { kind: 'folder', path: root };
    default:
      return { kind: 'folder', path: nestedPlacementFolder(parts) };
  }
}

/** Path of a Promise's static `spec.dependencies` file in nestedByMetadata mode. @public */
export function staticDependenciesPath(
  storePath: string | undefined,
  destinationPath: string,
  promise: string,
): string {
  return joinStorePath(
    nestedPlacementFolder({ storePath, destinationPath, promise }),
    'static',
    `${promise}-dependencies.yaml`,
  );
}

/** The state file Kratix keeps per WorkPlacement in `none` mode, listing its files. @public */
export function noneModeStateFile(
  storePath: string | undefined,
  destinationPath: string,
  workPlacementNamespace: string,
  workPlacementName: string,
): string {
  return joinStorePath(
    destinationRoot(storePath, destinationPath),
    '.kratix',
    `${workPlacementNamespace}-${workPlacementName}.yaml`,
  );
}

/** Whether a path is one of those state files (`…/.kratix/<file>.yaml`). @public */
export function isNoneModeStateFile(path: string): boolean {
  return /(^|\/)\.kratix\/[^/]+\.yaml$/.test(path);
}

/** The canary files Kratix writes to check a Destination, per filepath mode. @public */
export function canaryPaths(
  storePath: string | undefined,
  destinationPath: string,
  mode: FilepathMode = 'nestedByMetadata',
): string[] {
  const root = destinationRoot(storePath, destinationPath);
  if (mode === 'nestedByMetadata') {
    return [
      joinStorePath(root, 'dependencies', 'kratix-canary-namespace.yaml'),
      joinStorePath(root, 'resources', 'kratix-canary-configmap.yaml'),
    ];
  }
  return [
    joinStorePath(root, 'kratix-canary-namespace.yaml'),
    joinStorePath(root, 'kratix-canary-configmap.yaml'),
  ];
}
