import {
  Condition,
  PipelineStatus,
  ResourceRequest,
  ResourceRequestStatus,
} from '../model';
import { Placement } from './Placement';

/**
 * Reasons of the request conditions the suite works out in gitops mode from the state
 * store and its git history. Kratix never writes any of them, so a request status carrying
 * one is known to be derived, not reported.
 * @public
 */
export const DERIVED_REQUEST_REASONS = {
  /** The request's documents are in the state store, written for its current spec. */
  documentsFound: 'StateStoreDocumentsFound',
  /** No documents of the request in the state store yet. */
  awaitingDocuments: 'AwaitingStateStoreDocuments',
  /** Documents are there, but were written before the request's last change. */
  documentsOutdated: 'StateStoreDocumentsOutdated',
  /**
   * The request changed after its documents were written, and its pipeline has run since
   * (or long enough has passed) without writing anything new: Kratix's git writer makes no
   * commit when the documents did not change (lib/writers/git.go commitAndPush, "no changes
   * to be committed"), so the documents in the store are the current ones.
   */
  documentsUnchanged: 'StateStoreDocumentsUnchanged',
} as const;

/**
 * A configure pipeline run the state store's history cannot show, known some other way (the
 * embedded stand-in records each run it makes): one that wrote nothing new leaves no commit.
 * @public
 */
export interface KnownConfigureRun {
  pipeline: string;
  /** ISO 8601 time the run completed. */
  time: string;
  /** The run was for the request as it is now (its apiVersion and spec). */
  forCurrentSpec: boolean;
}

/** A commit of the repository that holds the state store. @public */
export interface StoreCommit {
  sha: string;
  /** Commit time, ISO 8601. */
  time: string;
}

/**
 * What the state store's git history says about one request, beside its placements: which
 * commit last changed the request's document, which last wrote its documents, and whether
 * those documents were written for the request's current spec.
 * @public
 */
export interface RequestStoreEvidence {
  /** Names of the Promise's `resource.configure` pipelines, in order. */
  pipelines?: string[];
  /** Last commit that changed the request's document, when the history reaches it. */
  requestCommit?: StoreCommit;
  /** Last commit that wrote (or rewrote) the request's documents in the state store. */
  documentsCommit?: StoreCommit;
  /** The documents were written for an earlier spec: the pipeline has not caught up. */
  outdated?: boolean;
  /**
   * Revisions of the request's document in the history (as `metadata.generation`), and how
   * many of them the documents were written for (as `status.observedGeneration`).
   */
  revisions?: { generation: number; observed: number };
  /** Successful configure runs known beyond the history (newest last). */
  runs?: KnownConfigureRun[];
  /**
   * The request's last change is older than the time a pipeline is given to deliver: with
   * no new documents since, its output is taken to be unchanged rather than awaited forever.
   */
  settled?: boolean;
}

const PREFIX = 'Derived from the state store';

const short = (sha?: string) => (sha ? sha.slice(0, 7) : undefined);

/** The latest of some ISO 8601 times (of any offset), as given. */
function latest(times: Array<string | undefined>): string | undefined {
  let best: string | undefined;
  for (const time of times) {
    if (!time || Number.isNaN(Date.parse(time))) continue;
    if (!best || Date.parse(time) > Date.parse(best)) best = time;
  }
  return best;
}

const condition = (
  status: Condition['status'],
  reason: string,
  message: string,
  lastTransitionTime?: string,
): Condition => ({
  type: 'Reconciled',
  status,
  reason,
  message,
  ...(lastTransitionTime && { lastTransitionTime }),
});

/**
 * A request's status worked out in gitops mode, where no cluster writes one. The state
 * store is the evidence: documents written for the request's current spec make it Ready
 * (`StateStoreDocumentsFound`), documents older than its last change make it updating
 * (`StateStoreDocumentsOutdated`, awaiting the pipeline), and no documents make it Pending
 * (`AwaitingStateStoreDocuments`). With history, each pipeline's phase and the last
 * successful configure time come from the commits that delivered its documents, and
 * `generation`/`observedGeneration` count the revisions of the request's document.
 * A `status` or `metadata.generation` written into the document is ignored, as the API
 * server ignores both in a manifest for every kind with a status subresource.
 * @public
 */
export function deriveRequestStatus(
  request: ResourceRequest,
  placements: Placement[],
  evidence: RequestStoreEvidence = {},
): ResourceRequest {
  const landed = placements.filter(
    p =>
      p.type === 'resource' &&
      p.resource === request.metadata.name &&
      p.namespace === request.metadata.namespace,
  );
  const where = [...new Set(landed.map(p => p.destination))].join(', ');
  const docs = evidence.documentsCommit;
  const changed = evidence.requestCommit;
  const delivered = docs
    ? ` in commit ${short(docs.sha)} (${docs.time})`
    : ' (commit not in the history read)';
  const landedPipelines = new Set(
    landed.map(p => p.pipeline).filter((p): p is string => !!p),
  );
  const names = [
    ...(evidence.pipelines ?? []),
    ...[...landedPipelines].filter(p => !evidence.pipelines?.includes(p)),
  ];

  const currentRuns = (evidence.runs ?? []).filter(r => r.forCurrentSpec);
  // The last successful run, not the last change of output.
  const lastSuccess = latest([
    docs?.time,
    ...(evidence.runs ?? []).map(r => r.time),
  ]);
  const unchanged =
    landed.length > 0 &&
    !!evidence.outdated &&
    (currentRuns.length > 0 || !!evidence.settled);

  let status: ResourceRequestStatus;
  if (unchanged) {
    const ran = currentRuns.length
      ? `its pipeline ran for the current spec at ${
          currentRuns[currentRuns.length - 1].time
        } and wrote the same documents`
      : `no new documents arrived in the time a pipeline is given since the request's last change${
          changed ? ` (commit ${short(changed.sha)}, ${changed.time})` : ''
        }`;
    status = {
      message: 'Resource requested',
      conditions: [
        condition(
          'True',
          DERIVED_REQUEST_REASONS.documentsUnchanged,
          `${PREFIX}: the documents in ${where}${delivered} are current: ${ran}; Kratix commits nothing when a pipeline's output is unchanged`,
          lastSuccess,
        ),
      ],
      kratix: {
        workflows: {
          pipelines: names.map(
            (name): PipelineStatus => ({
              name,
              phase: 'Succeeded',
              message: `${PREFIX}: output unchanged since commit ${short(
                docs?.sha,
              )}`,
              lastTransitionTime:
                currentRuns.filter(r => r.pipeline === name).pop()?.time ??
                lastSuccess,
            }),
          ),
          lastSuccessfulConfigureWorkflowTime: lastSuccess,
        },
      },
      lastSuccessfulConfigureWorkflowTime: lastSuccess,
    };
  } else if (landed.length === 0) {
    status = {
      message: 'Pending',
      conditions: [
        condition(
          'Unknown',
          DERIVED_REQUEST_REASONS.awaitingDocuments,
          `${PREFIX}: no documents of this request in the state store yet; waiting for Kratix's pipeline to write them`,
          changed?.time,
        ),
      ],
      kratix: {
        workflows: {
          pipelines: names.map(name => ({
            name,
            phase: 'Pending',
            message: `${PREFIX}: no documents written yet`,
          })),
        },
      },
    };
  } else if (evidence.outdated) {
    status = {
      message: 'Pending',
      conditions: [
        condition(
          'Unknown',
          DERIVED_REQUEST_REASONS.documentsOutdated,
          `${PREFIX}: the documents in ${where} were written${delivered} before the request's last change${
            changed ? ` (commit ${short(changed.sha)}, ${changed.time})` : ''
          }; awaiting the pipeline`,
          changed?.time,
        ),
      ],
      kratix: {
        workflows: {
          pipelines: names.map(name => ({
            name,
            phase: 'Pending',
            message: `${PREFIX}: awaiting documents for the request's current spec`,
            lastTransitionTime: changed?.time,
          })),
          lastSuccessfulConfigureWorkflowTime: lastSuccess,
        },
      },
      lastSuccessfulConfigureWorkflowTime: lastSuccess,
    };
  } else {
    status = {
      message: 'Resource requested',
      conditions: [
        condition(
          'True',
          DERIVED_REQUEST_REASONS.documentsFound,
          `${PREFIX}: documents written to ${where}${delivered}`,
          docs?.time,
        ),
      ],
      kratix: {
        workflows: {
          pipelines: names.map(
            (name): PipelineStatus =>
              landedPipelines.has(name)
                ? {
                    name,
                    phase: 'Succeeded',
                    message: `${PREFIX}: documents written${delivered}`,
                    lastTransitionTime: docs?.time,
                  }
                : {
                    name,
                    message: `${PREFIX}: no documents of this pipeline in the state store`,
                  },
          ),
          lastSuccessfulConfigureWorkflowTime: lastSuccess,
        },
      },
      lastSuccessfulConfigureWorkflowTime: lastSuccess,
    };
  }
  if (evidence.revisions) {
    return {
      ...request,
      metadata: {
        ...request.metadata,
        generation: evidence.revisions.generation,
      },
      status: {
        ...status,
        observedGeneration: unchanged
          ? evidence.revisions.generation
          : evidence.revisions.observed,
      },
    };
  }
  const { generation: _declared, ...metadata } = request.metadata;
  return { ...request, metadata, status };
}
