import { FilepathMode } from '../model';
import { destinationRoot, joinStorePath } from './paths';

/** A Destination as the path parser needs it. @public */
export interface StoreDestination {
  name: string;
  path: string;
  mode?: FilepathMode;
  filename?: string;
}

/** What a file in a state store is, read back from its path. @public */
export type ParsedStorePath =
  | {
      type: 'dependency';
      destination: string;
      promise: string;
      pipeline?: string;
      id5: string;
      file: string;
    }
  | {
      type: 'resource';
      destination: string;
      namespace: string;
      promise: string;
      resource: string;
      pipeline: string;
      id5: string;
      file: string;
    }
  | { type: 'canary'; destination: string; file: string }
  | { type: 'aggregated'; destination: string; file: string }
  | { type: 'kratix-state'; destination: string; file: string }
  | { type: 'flat'; destination: string; file: string }
  | { type: 'unrecognised'; path: string };

const ID5 = /^[0-9a-f]{5}$/;

function within(path: string, root: string): string | undefined {
  if (root === '') return path;
  return path.startsWith(`${root}/`) ? path.slice(root.length + 1) : undefined;
}

function parseNested(
  destination: string,
  rest: string[],
): ParsedStorePath | undefined {
  const [area, ...tail] = rest;
  if (area === 'dependencies') {
    if (tail.length === 1 && tail[0] === 'kratix-canary-namespace.yaml')
      return { type: 'canary', destination, file: tail[0] };
    // dependencies/<promise>/<id5>/... (static) or dependencies/<promise>/<pipeline>/<id5>/...
    if (tail.length >= 3 && ID5.test(tail[1])) {
      return {
        type: 'dependency',
        destination,
        promise: tail[0],
        id5: tail[1],
        file: tail.slice(2).join('/'),
      };
    }
    if (tail.length >= 4 && ID5.test(tail[2])) {
      return {
        type: 'dependency',
        destination,
        promise: tail[0],
        pipeline: tail[1],
        id5: tail[2],
        file: tail.slice(3).join('/'),
      };
    }
  }
  if (area === 'resources') {
    if (tail.length === 1 && tail[0] === 'kratix-canary-configmap.yaml')
      return { type: 'canary', destination, file: tail[0] };
    if (tail.length >= 6 && ID5.test(tail[4])) {
      const [namespace, promise, resource, pipeline, id5] = tail;
      return {
        type: 'resource',
        destination,
        namespace,
        promise,
        resource,
        pipeline,
        id5,
        file: tail.slice(5).join('/'),
      };
    }
  }
  return undefined;
}

/**
 * Reads a state-store path back into what it belongs to (the reverse of the layout),
 * trying the Destination with the longest matching path first.
 * @public
 */
export function parseStorePath(
  path: string,
  options: { storePath?: string; destinations: StoreDestination[] },
): ParsedStorePath {
  const clean = joinStorePath(path);
  const ordered = [...options.destinations].sort(
    (a, b) =>
      destinationRoot(options.storePath, b.path).length -
      destinationRoot(options.storePath, a.path).length,
  );
  for (const dest of ordered) {
    const rest = within(clean, destinationRoot(options.storePath, dest.path));
    if (rest === undefined) continue;
    const mode = dest.mode ?? 'nestedByMetadata';
    if (mode === 'nestedByMetadata') {
      const parsed = parseNested(dest.name, rest.split('/'));
      if (parsed) return parsed;
      continue;
    }
    if (
      rest === 'kratix-canary-namespace.yaml' ||
      rest === 'kratix-canary-configmap.yaml'
    ) {
      return { type: 'canary', destination: dest.name, file: rest };
    }
    if (
      mode === 'aggregatedYAML' &&
      rest === (dest.filename ?? 'aggregated.yaml')
    ) {
      return { type: 'aggregated', destination: dest.name, file: rest };
    }
    if (mode === 'none') {
      if (rest.startsWith('.kratix/'))
        return { type: 'kratix-state', destination: dest.name, file: rest };
      return { type: 'flat', destination: dest.name, file: rest };
    }
  }
  return { type: 'unrecognised', path: clean };
}
