import { LoggerService } from '@backstage/backend-plugin-api';
import {
  KRATIX_LABELS,
  KratixPromise,
  ResourceRequest,
} from '@kratix-backstage/plugin-kratix-common';
import { GitRequestWriter } from '../gitops/GitRequestWriter';
import { DocumentMatch } from '../gitops/removeDocumentLabel';
import { documentKey } from './gitopsRequests';
import { RepositoryHistory } from './RepositoryHistory';

const LABEL = KRATIX_LABELS.manualReconciliation;
/** Kratix acts on the label only when it is "true" (lib/workflow/reconciler.go isManualReconciliation). */
const VALUE = 'true';
/** Default of `repository.reconcileLabelSeconds`. */
export const DEFAULT_RECONCILE_LABEL_SECONDS = 600;
/** Rounds are at most this often, whatever the poll interval. */
const ROUND_INTERVAL_MS = 30_000;

/** A document declared in the repository that carries the re-run label. */
export interface LabelledDocument {
  match: DocumentMatch;
  /** Repository path of its file. */
  path: string;
  /** How commit messages and logs name it, e.g. `team-a/ci (Promise jenkins)`. */
  target: string;
}

/**
 * The declared Promises and requests (those with a file of their own in the repository;
 * not a pipeline's sub-requests, not a PromiseRelease's Promise) whose label asks Kratix to
 * re-run them.
 */
export function labelledDocuments(
  promises: KratixPromise[],
  requests: Map<string, ResourceRequest[]>,
  paths: Map<string, string>,
): LabelledDocument[] {
  const found: LabelledDocument[] = [];
  const add = (
    object: KratixPromise | ResourceRequest,
    target: string,
  ): void => {
    const path = paths.get(documentKey(object));
    if (!path || object.metadata.labels?.[LABEL] !== VALUE) return;
    const { name, namespace } = object.metadata;
    found.push({
      match: { kind: object.kind, name, namespace },
      path,
      target,
    });
  };
  for (const promise of promises)
    add(promise, `Promise ${promise.metadata.name}`);
  for (const [promise, list] of requests)
    for (const request of list)
      add(
        request,
        `${request.metadata.namespace}/${request.metadata.name} (Promise ${promise})`,
      );
  return found;
}

/**
 * When the label was committed to the document as it is now, in ms since the epoch: the
 * oldest of the newest commits of its file in a row in which the document holds it. A
 * history cut short before that run ended gives its oldest known commit (later than the
 * truth, so the label is kept longer, never shorter). Undefined when HEAD does not hold the
 * label (an uncommitted edit): nothing to remove from git.
 */
export async function labelCommittedAt(
  history: RepositoryHistory,
  document: LabelledDocument,
): Promise<number | undefined> {
  const touches = history.touchesOf(document.path);
  if (touches.length === 0) {
    // Not changed within the history: committed before its oldest commit, if it is bounded.
    const oldest = history.commits[history.commits.length - 1];
    return history.truncated && oldest ? Date.parse(oldest.time) : undefined;
  }
  let since: number | undefined;
  for (const index of touches) {
    const commit = history.commits[index];
    const object = await history.documentAt(
      commit.sha,
      document.path,
      document.match,
    );
    if (object?.metadata?.labels?.[LABEL] !== VALUE) break;
    since = Date.parse(commit.time);
  }
  return since;
}

/** Options of {@link ReconcileLabelCleanup}. */
export interface ReconcileLabelCleanupOptions {
  platform: string;
  writer: GitRequestWriter;
  /** How long the label stays in git after it was committed. Default 600 s. */
  windowSeconds?: number;
  /** The declared documents carrying the label now, and the history they were read with. */
  read: () => Promise<{
    documents: LabelledDocument[];
    history: RepositoryHistory;
  }>;
  /** Called after a removal was committed, so readers see it. */
  onRemoved?: () => void;
  logger?: LoggerService;
  /** The clock (tests). */
  now?: () => number;
}

/**
 * Takes `kratix.io/manual-reconciliation` out of git once the GitOps tool has had time to
 * apply it. "Reconcile now" commits the label; Kratix removes it from the cluster object
 * once it has re-run the pipelines (lib/workflow/reconciler.go
 * removeManualReconciliationLabel), but not from git, so Flux or Argo CD would put it back
 * on every sync and Kratix would re-run every sync interval, forever. A label is removed
 * only once it has been in git for the whole window, and only while it is "true" (Kratix's
 * only value; another is someone else's and left alone). With pull requests nothing is
 * pushed to the branch: a log says once per document that merging a change must remove it.
 */
export class ReconcileLabelCleanup {
  private lastRound?: number;
  private running = false;
  private readonly reported = new Set<string>();

  constructor(private readonly options: ReconcileLabelCleanupOptions) {}

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  /**
   * Starts a round when the last one began at least 30 s ago and none is under way; never
   * throws (a failure is logged, and the next round tries again).
   */
  poll(): void {
    if (this.running) return;
    const now = this.now();
    if (
      this.lastRound !== undefined &&
      now - this.lastRound < ROUND_INTERVAL_MS
    )
      return;
    this.lastRound = now;
    this.running = true;
    void this.round()
      .catch(error =>
        this.options.logger?.warn(
          `Platform ${
            this.options.platform
          }: could not clear ${LABEL} from git: ${String(error)}`,
        ),
      )
      .finally(() => {
        this.running = false;
      });
  }

  /** One round: every labelled document whose label is older than the window. Returns how many were removed. */
  async round(): Promise<number> {
    const { writer, logger, platform } = this.options;
    const windowMs =
      (this.options.windowSeconds ?? DEFAULT_RECONCILE_LABEL_SECONDS) * 1000;
    const { documents, history } = await this.options.read();
    let removed = 0;
    for (const document of documents) {
      const since = await labelCommittedAt(history, document);
      if (since === undefined) continue;
      const age = this.now() - since;
      if (!(age >= windowMs)) continue;
      const seconds = Math.floor(age / 1000);
      if (writer.proposesPullRequests) {
        const key = `${document.path}|${document.target}|${since}`;
        if (this.reported.has(key)) continue;
        this.reported.add(key);
        logger?.warn(
          `Platform ${platform}: ${LABEL} on ${document.target} (${document.path}) was committed ${seconds} s ago and stays in git, as this repository takes changes by pull request: Kratix re-runs its pipelines on every sync of the GitOps tool until a merged change removes it`,
        );
        continue;
      }
      const message = `Clear ${LABEL} from ${
        document.target
      }: committed ${seconds} s ago\n\nKratix re-ran its pipelines and removed the label from the cluster, but not from git: the GitOps tool would put it back on every sync and Kratix would re-run them every sync interval. Removed once it had been in git for ${
        windowMs / 1000
      } s (reconcileLabelSeconds).`;
      // Only the file as this history has it: a label committed again since is not aged yet.
      const basedOn = history.head
        ? await history.fileAt(history.head, document.path)
        : undefined;
      if (basedOn === undefined) continue;
      const result = await writer.removeLabel(
        document.path,
        document.match,
        { key: LABEL, value: VALUE },
        message,
        basedOn,
      );
      if (!result.removed) continue;
      removed++;
      logger?.info(
        `Platform ${platform}: cleared ${LABEL} from ${document.target} in ${document.path} (${result.commit}), committed ${seconds} s ago`,
      );
    }
    if (removed > 0) this.options.onRemoved?.();
    return removed;
  }
}
