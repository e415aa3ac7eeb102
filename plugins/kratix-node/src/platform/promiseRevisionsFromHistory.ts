import {
  deterministicObjectName,
  KRATIX_LABELS,
  KratixPromise,
  LATEST_REVISION_LABEL,
  PromiseRevision,
} from '@kratix-backstage/plugin-kratix-common';
import { RepositoryHistory } from './RepositoryHistory';

/**
 * The PromiseRevisions Kratix would hold for a Promise kept in git, from the history of its
 * document: one per version (label `kratix.io/promise-version`) since the Promise was last
 * created, as Kratix keeps them until the Promise is deleted (promise_controller.go
 * NewPromiseRevision, CreateOrUpdate per version). A revision's spec is the last spec the
 * Promise had at that version (Kratix updates the revision while the Promise is at it), its
 * creation time the first commit at that version; the current version is latest. Versions
 * older than the history read (its bound) are not known.
 * @public
 */
export async function promiseRevisionsFromHistory(
  history: RepositoryHistory,
  current: KratixPromise,
  path: string,
): Promise<PromiseRevision[]> {
  const name = current.metadata.name;
  const versionOf = (p: { metadata?: { labels?: Record<string, string> } }) =>
    p.metadata?.labels?.[KRATIX_LABELS.promiseVersion];
  const found = new Map<
    string,
    { spec: KratixPromise['spec']; createdAt?: string }
  >();
  const currentVersion = versionOf(current);
  if (currentVersion) found.set(currentVersion, { spec: current.spec });
  for (const index of history.touchesOf(path)) {
    const commit = history.commits[index];
    // Deleted here: the revisions before it went with the Promise.
    if (commit.changes.some(c => c.path === path && c.status === 'D')) break;
    const then = (await history.documentAt(commit.sha, path, {
      kind: 'Promise',
      name,
    })) as KratixPromise | undefined;
    const version = then && versionOf(then);
    if (!then || !version) continue;
    // Newest first: the first seen keeps its spec, each older commit moves the creation back.
    const seen = found.get(version);
    found.set(version, {
      spec: seen?.spec ?? then.spec,
      // As Kubernetes writes a creationTimestamp (RFC 3339 in UTC, whole seconds).
      createdAt: new Date(commit.time).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    });
  }
  return [...found].map(([version, { spec, createdAt }]) => {
    const latest = version === currentVersion;
    return {
      apiVersion: 'platform.kratix.io/v1alpha1',
      kind: 'PromiseRevision',
      metadata: {
        name: deterministicObjectName(name, version),
        ...(createdAt && { creationTimestamp: createdAt }),
        labels: {
          [KRATIX_LABELS.promiseName]: name,
          ...(latest && { [LATEST_REVISION_LABEL]: 'true' }),
        },
      },
      spec: { promiseRef: { name }, promiseSpec: spec, version },
      status: { latest },
    };
  });
}
