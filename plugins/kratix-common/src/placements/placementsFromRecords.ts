import { parse } from 'yaml';
import {
  Destination,
  KRATIX_SYSTEM_NAMESPACE,
  LegacyCluster,
  StateStore,
} from '../model';
import { destinationRoot, joinStorePath } from '../stateStoreLayout';
import { Placement } from './Placement';
import {
  WorkPlacementCandidates,
  workNamespaceOf,
  WorkPlacementOwner,
  workPlacementOwner,
} from './workPlacementOwner';

/** A commit of the state store's history, as the record readers need it. @public */
export interface StoreHistoryCommit {
  sha: string;
  subject: string;
  changes: Array<{ path: string; status: string }>;
}

interface FlatDestination {
  name: string;
  mode: 'none' | 'aggregatedYAML';
  /** `spec.path` of its state store: what a record's paths are relative to. */
  storePath?: string;
  /** Its own `spec.path` (its name when unset). */
  path: string;
  root: string;
  filename: string;
}

function flatDestinations(
  stores: StateStore[],
  destinations: Array<Destination | LegacyCluster>,
): FlatDestination[] {
  return destinations.flatMap(d => {
    if (d.kind !== 'Destination') return [];
    const mode = d.spec.filepath?.mode;
    if (mode !== 'none' && mode !== 'aggregatedYAML') return [];
    const ref = d.spec.stateStoreRef;
    const store = stores.find(
      s =>
        s.metadata.name === (ref?.name ?? 'default') &&
        (!ref?.kind || ref.kind === s.kind),
    );
    if (!store) return [];
    return [
      {
        name: d.metadata.name,
        mode,
        storePath: store.spec.path,
        path: joinStorePath(d.spec.path ?? d.metadata.name),
        root: destinationRoot(store.spec.path, d.spec.path ?? d.metadata.name),
        filename: d.spec.filepath?.filename ?? 'aggregated.yaml',
      },
    ];
  });
}

/**
 * Placements on Destinations whose filepath mode is `none`, from Kratix's own record of what
 * each WorkPlacement wrote: `<destination path>/.kratix/<namespace>-<name>.yaml`, a YAML
 * document whose `files` lists the paths it wrote, relative to the state store's path
 * (internal/controller/workplacement_controller.go generateKratixStateFile; Kratix keeps
 * these records since v0.93.0, controllers/workplacement_controller.go in v0.125.0).
 * `records` holds each record file's text by its path in the store. Records whose WorkPlacement no given Promise or request names are left out.
 * @public
 */
export function placementsFromNoneModeRecords(
  records: Map<string, string>,
  stores: StateStore[],
  destinations: Array<Destination | LegacyCluster>,
  candidates: WorkPlacementCandidates,
): Placement[] {
  const placements: Placement[] = [];
  for (const destination of flatDestinations(stores, destinations)) {
    if (destination.mode !== 'none') continue;
    const folder = joinStorePath(destination.root, '.kratix');
    for (const [path, text] of records) {
      if (!path.startsWith(`${folder}/`) || !path.endsWith('.yaml')) continue;
      const base = path.slice(folder.length + 1, -'.yaml'.length);
      let files: unknown;
      try {
        files = (parse(text) as { files?: unknown } | null)?.files;
      } catch {
        continue;
      }
      if (!Array.isArray(files)) continue;
      // `<namespace>-<name>`: namespaces hold dashes too, so each candidate namespace is tried.
      const owned = findOwner(destination.name, candidates, namespace =>
        base.startsWith(`${namespace}-`)
          ? base.slice(namespace.length + 1)
          : undefined,
      );
      if (!owned) continue;
      placements.push(
        ownedPlacement(
          owned,
          destination.name,
          destination.root,
          files
            .filter((f): f is string => typeof f === 'string')
            .map(f => recordedFilePath(destination, f)),
        ),
      );
    }
  }
  return placements;
}

/**
 * Where a file a record lists is in the repository. Kratix since 2025 lists it relative to
 * the state store's path, the Destination's path first (workplacement_controller.go
 * generateKratixStateFile joins `spec.path + "/"`); Kratix v0.125.0 wrote with a writer
 * rooted at the Destination's folder and listed it relative to that
 * (controllers/workplacement_controller.go writeWorkloadsToStateStore).
 */
function recordedFilePath(destination: FlatDestination, file: string): string {
  const relative = joinStorePath(file);
  return relative.startsWith(`${destination.path}/`)
    ? joinStorePath(destination.storePath, relative)
    : joinStorePath(destination.root, relative);
}

/** Every namespace a candidate's WorkPlacements may live in. */
function workNamespaces(candidates: WorkPlacementCandidates): Set<string> {
  const byName = new Map(candidates.promises.map(p => [p.metadata.name, p]));
  return new Set([
    KRATIX_SYSTEM_NAMESPACE,
    ...candidates.requests.map(({ promise, request }) =>
      workNamespaceOf(
        byName.get(promise),
        request.metadata.namespace ?? 'default',
      ),
    ),
  ]);
}

/**
 * The owner of a WorkPlacement whose name, in each namespace a candidate's WorkPlacements
 * may live in, `nameIn` gives (undefined where it cannot be there).
 */
function findOwner(
  destination: string,
  candidates: WorkPlacementCandidates,
  nameIn: (namespace: string) => string | undefined,
): OwnedWorkPlacement | undefined {
  for (const namespace of workNamespaces(candidates)) {
    const name = nameIn(namespace);
    if (name === undefined) continue;
    const owner = workPlacementOwner(
      { namespace, name },
      destination,
      candidates,
    );
    if (owner) return { owner, namespace, name };
  }
  return undefined;
}

/** A WorkPlacement read back to what it belongs to. */
interface OwnedWorkPlacement {
  owner: WorkPlacementOwner;
  namespace: string;
  name: string;
}

function ownedPlacement(
  owned: OwnedWorkPlacement,
  destination: string,
  location: string,
  files: string[],
): Placement {
  return {
    destination,
    type: owned.owner.type,
    promise: owned.owner.promise,
    namespace: owned.owner.namespace,
    resource: owned.owner.resource,
    pipeline: owned.owner.pipeline,
    location,
    files,
    state: 'Written',
    source: 'state-store',
    workPlacement: { name: owned.name, namespace: owned.namespace },
  };
}

const WRITE_SUBJECT = /^(Update|Delete) from: (\S+)$/;

/**
 * The last `Update from:` commit of each WorkPlacement to each aggregatedYAML file, to tell
 * which of them only took lines out (see {@link placementsFromAggregatedCommits}).
 * @public
 */
export function aggregatedLastUpdates(
  commits: StoreHistoryCommit[],
  stores: StateStore[],
  destinations: Array<Destination | LegacyCluster>,
): Array<{ file: string; sha: string }> {
  const updates: Array<{ file: string; sha: string }> = [];
  for (const destination of flatDestinations(stores, destinations)) {
    if (destination.mode !== 'aggregatedYAML') continue;
    const file = joinStorePath(destination.root, destination.filename);
    const seen = new Set<string>();
    for (const commit of commits) {
      const match = WRITE_SUBJECT.exec(commit.subject.trim());
      if (!match || !commit.changes.some(c => c.path === file)) continue;
      if (seen.has(match[2])) continue;
      seen.add(match[2]);
      if (match[1] === 'Update') updates.push({ file, sha: commit.sha });
    }
  }
  return updates;
}

/**
 * Placements on Destinations whose filepath mode is `aggregatedYAML`, where all documents of
 * a Destination share one file and Kratix keeps no per-WorkPlacement record: each write is a
 * commit `Update from: <WorkPlacement>` and each removal `Delete from: <WorkPlacement>`
 * (lib/writers/git.go commitAndPush), so a WorkPlacement whose last commit to the file is an
 * update has its documents there, unless that update only took lines out of the file: a
 * WorkPlacement deleted while others stay is committed `Update from: <it>`
 * (internal/controller/workplacement_controller.go deleteWorkPlacement). The commit names no
 * namespace: a WorkPlacement is given to the first request its name fits. A WorkPlacement
 * whose documents another's commit already wrote (the file holds every active one) has no
 * commit of its own and is not found. `commits` are newest first; history older than them is
 * not known.
 * @public
 */
export function placementsFromAggregatedCommits(
  commits: StoreHistoryCommit[],
  stores: StateStore[],
  destinations: Array<Destination | LegacyCluster>,
  candidates: WorkPlacementCandidates,
  /**
   * Commits that only took lines out of the file: Kratix deletes a WorkPlacement from an
   * aggregated file still holding others with `Update from: <it>` (deleteWorkPlacement).
   */
  removals: ReadonlySet<string> = new Set(),
): Placement[] {
  const placements: Placement[] = [];
  for (const destination of flatDestinations(stores, destinations)) {
    if (destination.mode !== 'aggregatedYAML') continue;
    const file = joinStorePath(destination.root, destination.filename);
    const lastAction = new Map<string, { action: string; sha: string }>();
    for (const commit of commits) {
      const match = WRITE_SUBJECT.exec(commit.subject.trim());
      if (!match || !commit.changes.some(c => c.path === file)) continue;
      if (!lastAction.has(match[2]))
        lastAction.set(match[2], { action: match[1], sha: commit.sha });
    }
    for (const [name, last] of lastAction) {
      if (last.action !== 'Update' || removals.has(last.sha)) continue;
      const owner = findOwner(destination.name, candidates, () => name);
      if (!owner) continue;
      placements.push({
        ...ownedPlacement(owner, destination.name, file, [file]),
        commit: last.sha,
      });
    }
  }
  return placements;
}
