import { Destination, LegacyCluster, StateStore } from '../model';
import {
  joinStorePath,
  parseStorePath,
  StoreDestination,
} from '../stateStoreLayout';
import { Placement } from './Placement';

/**
 * Reads placements from the files of state stores (gitops mode, no cluster): each file is
 * parsed back into destination, Promise, request and pipeline, and files of one workload
 * group folder become one placement. Canary and unrecognised files are skipped.
 * @public
 */
export function placementsFromStoreFiles(
  files: string[],
  stores: StateStore[],
  destinations: Array<Destination | LegacyCluster>,
): Placement[] {
  const byFolder = new Map<string, Placement>();
  for (const store of stores) {
    const storeDestinations: StoreDestination[] = destinations
      .filter(
        d =>
          (d.spec?.stateStoreRef?.name ?? 'default') === store.metadata.name &&
          (!d.spec?.stateStoreRef?.kind ||
            d.spec.stateStoreRef.kind === store.kind),
      )
      .map(d => ({
        name: d.metadata.name,
        path: d.spec?.path ?? d.metadata.name,
        mode: d.kind === 'Destination' ? d.spec.filepath?.mode : undefined,
        filename:
          d.kind === 'Destination' ? d.spec.filepath?.filename : undefined,
      }));
    const storePath = store.spec.path;
    for (const file of files) {
      const parsed = parseStorePath(file, {
        storePath,
        destinations: storeDestinations,
      });
      if (parsed.type !== 'dependency' && parsed.type !== 'resource') continue;
      const location = file
        .slice(0, file.length - parsed.file.length)
        .replace(/\/$/, '');
      const existing = byFolder.get(location);
      if (existing) {
        existing.files.push(joinStorePath(file));
        continue;
      }
      byFolder.set(location, {
        destination: parsed.destination,
        type: parsed.type,
        promise: parsed.promise,
        namespace: parsed.type === 'resource' ? parsed.namespace : undefined,
        resource: parsed.type === 'resource' ? parsed.resource : undefined,
        pipeline: parsed.pipeline,
        location,
        files: [joinStorePath(file)],
        state: 'Written',
        source: 'state-store',
      });
    }
  }
  return [...byFolder.values()];
}
