import { LoggerService } from '@backstage/backend-plugin-api';
import {
  KRATIX_LABELS,
  KubernetesObject,
} from '@kratix-backstage/plugin-kratix-common';
import { CacheChange } from '../cache/ResourceCache';
import { GitRequestWriter } from '../gitops/GitRequestWriter';

const LABEL = { key: KRATIX_LABELS.manualReconciliation, value: 'true' };

/**
 * A hybrid platform commits "Reconcile now" (`kratix.io/manual-reconciliation: "true"`) into
 * the object's document in git. Kratix removes the label from the cluster object once it has
 * re-run (lib/workflow/reconciler.go removeManualReconciliationLabel), not from git, so the
 * tool that applies the repository would put it back on every sync and Kratix would re-run
 * forever. This listener watches the cluster: when the label leaves an object, it is removed
 * from the object's document in git too (a no-op where git no longer has it, once however
 * many replicas see it). With pull requests nothing is pushed: a warning says so, once.
 */
export function clearAppliedReconcileLabel(options: {
  writer: GitRequestWriter;
  /** The object's document in the repository. */
  pathOf: (object: KubernetesObject) => string;
  /** Words for the object in the commit message, e.g. `team-a/ci (Promise jenkins)`. */
  describe: (object: KubernetesObject) => string;
  logger?: LoggerService;
}): (change: CacheChange<KubernetesObject>) => void {
  const warned = new Set<string>();
  return change => {
    const before = change.previous?.metadata.labels?.[LABEL.key];
    const after = change.object?.metadata.labels?.[LABEL.key];
    if (change.type !== 'MODIFIED' || before !== LABEL.value || after) return;
    const object = change.object!;
    const path = options.pathOf(object);
    const target = options.describe(object);
    if (options.writer.proposesPullRequests) {
      if (!warned.has(path)) {
        warned.add(path);
        options.logger?.warn(
          `Kratix has re-run ${target}; ${LABEL.key} stays in ${path} until a merged change removes it (this platform proposes pull requests)`,
        );
      }
      return;
    }
    options.writer
      .removeLabel(
        path,
        {
          kind: object.kind,
          namespace: object.metadata.namespace,
          name: object.metadata.name,
        },
        LABEL,
        `Clear ${LABEL.key} from ${target}: Kratix has re-run it\n\nKratix removed the label from the cluster object; left in git, the sync would set it again and Kratix would re-run on every sync.`,
      )
      .catch(error =>
        options.logger?.warn(
          `Could not clear ${LABEL.key} from ${path}: ${
            (error as Error).message
          }`,
        ),
      );
  };
}
