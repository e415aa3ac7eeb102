import { PromiseRevisionDiff } from './revisionDiff';
import { BoundRequestView, PromiseRevisionView } from './revisions';

/**
 * What `GET /platforms/:platform/promises/:promise/revisions` answers: the retained
 * revisions with the requests running each, or, where the platform cannot read them
 * (gitops mode), `available: false` and why.
 * @public
 */
export interface PromiseRevisionsResponse {
  platform: string;
  promise: string;
  available: boolean;
  /** Why revisions cannot be shown, when `available` is false. */
  reason?: string;
  latestVersion?: string;
  revisions?: Array<PromiseRevisionView & { requests: BoundRequestView[] }>;
  /**
   * Why the requests of each revision are not known, where the revisions come from git
   * history (gitops mode) and ResourceBindings would need the cluster.
   */
  requestsUnavailable?: string;
  /**
   * Where bindings are read from git (gitops mode): the requests with no ResourceBinding
   * declared there, which Kratix binds on the cluster as it is configured, and that note.
   */
  undeclaredBindings?: {
    note: string;
    requests: Array<{ namespace: string; name: string; owner?: string }>;
  };
  /** Every request with a ResourceBinding, whatever revision it runs. */
  requests?: BoundRequestView[];
  requestsOnOlderRevisions?: number;
  /** With `?from=&to=`: what changed between the two revisions. */
  diff?: PromiseRevisionDiff;
}

/** What moving requests to a revision did, request by request. @public */
export interface RevisionMoveResult {
  version: string;
  moved: number;
  failed: number;
  results: Array<{
    namespace: string;
    name: string;
    moved: boolean;
    message?: string;
    error?: { name: string; message: string };
  }>;
}
