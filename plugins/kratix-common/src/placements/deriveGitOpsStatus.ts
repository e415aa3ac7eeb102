import {
  Condition,
  Destination,
  KRATIX_LABELS,
  KratixPromise,
  LegacyCluster,
  PromiseStatus,
  ResourceRequest,
  StateStore,
} from '../model';
import { canaryPaths } from '../stateStoreLayout';
import { Placement } from './Placement';
import {
  deriveRequestStatus,
  DERIVED_REQUEST_REASONS,
  RequestStoreEvidence,
} from './deriveRequestStatus';

/**
 * Reason of the conditions the suite derives from a state store when no cluster reports
 * status: documents were found there. The suite's own word, never one Kratix writes.
 * @public
 */
export const STATE_STORE_REASON = 'StateStoreDocumentsFound';

/**
 * Reasons of the conditions the suite works out itself in gitops mode, where no cluster
 * writes status. Kratix never writes any of them, so a status that carries one is known to
 * be derived from the state store, not reported by Kratix.
 * @public
 */
export const DERIVED_STATUS_REASONS = {
  /** Documents of the object were found in the state store. */
  documentsFound: STATE_STORE_REASON,
  /** No documents (or canary files) in the state store yet. */
  awaitingDocuments: 'AwaitingStateStoreDocuments',
  /** Every required Promise is declared beside the Promise, at the required version. */
  requiredPromisesFound: 'RequiredPromisesFound',
  /** A required Promise is not declared, is at another version, or cannot be available. */
  requiredPromisesMissing: 'RequiredPromisesMissing',
  /** Kratix's canary files for a Destination were found in its state store folder. */
  canaryFilesFound: 'CanaryFilesFound',
  /**
   * A Promise without a Promise configure workflow: Kratix makes it Available once its
   * requirements are met, without waiting for any document (the Promise reconciler in
   * controllers/promise_controller.go of Kratix v0.125.0; internal/controller/ since).
   */
  noPromiseWorkflow: 'NoPromiseWorkflow',
  /**
   * A Destination with `initWorkloads.enabled: false`: Kratix writes no canary files and
   * makes it Ready at once (internal/controller/destination_controller.go).
   */
  initWorkloadsDisabled: 'InitWorkloadsDisabled',
  /** A Destination whose `stateStoreRef` names no declared state store. */
  stateStoreNotDeclared: 'StateStoreNotDeclared',
} as const;

// Also recognised as derived: the reasons of the request derivation (deriveRequestStatus).
const DERIVED_REASONS = new Set<string>([
  ...Object.values(DERIVED_STATUS_REASONS),
  ...Object.values(DERIVED_REQUEST_REASONS),
]);

/**
 * Whether a status was worked out by the suite (gitops mode) rather than written by Kratix:
 * one of its conditions carries a reason of the suite's own.
 * @public
 */
export function isDerivedStatus(
  status: { conditions?: Condition[] } | undefined,
): boolean {
  return (status?.conditions ?? []).some(
    c => !!c.reason && DERIVED_REASONS.has(c.reason),
  );
}

const condition = (
  type: string,
  status: Condition['status'],
  reason: string,
  message: string,
): Condition => ({
  type,
  status,
  reason,
  message,
});

/**
 * In gitops mode nothing on a cluster writes status, so the state store is the evidence:
 * a request whose documents are in the store (written for its current spec, when the
 * history says so) is reconciled, one whose documents are older than its last change is
 * updating, one with none is pending. See {@link deriveRequestStatus}.
 * A status written into the request's document is ignored, as the API server ignores it.
 * @public
 */
export function withDerivedRequestStatus(
  request: ResourceRequest,
  placements: Placement[],
  evidence?: RequestStoreEvidence,
): ResourceRequest {
  return deriveRequestStatus(request, placements, evidence);
}

const INSTALLED = 'Requirement installed';

/**
 * Whether a placement shows a Promise past its Promise workflow: what the workflow wrote, or
 * a request's documents (Kratix runs no resource workflow while its Promise is unavailable).
 * Static `spec.dependencies` are applied before the workflow runs, so they show nothing.
 */
const writtenByWorkflow = (p: Placement) =>
  p.type === 'resource' || p.pipeline !== undefined;

/**
 * A Promise's status worked out in gitops mode, where nothing on a cluster writes it. Any
 * status the manifest declares is ignored (Kubernetes never applies `status` from a
 * manifest): the requirements are read from the Promises declared beside it, in Kratix's
 * wording; the Promises that require it make `requiredBy`; it is Unavailable while a
 * requirement is missing, Available once Kratix has written its worker resources or any of
 * its requests' documents, and Unknown before that. Every condition carries a reason of the
 * suite's own ({@link DERIVED_STATUS_REASONS}).
 * @public
 */
export function withDerivedPromiseStatus(
  promise: KratixPromise,
  placements: Placement[],
  allPromises: KratixPromise[] = [],
  options: {
    /**
     * Every version each Promise has had (by name): Kratix keeps a PromiseRevision per
     * version, and a required version is met by any of them.
     */
    retainedVersions?: Map<string, Set<string>>;
  } = {},
): KratixPromise {
  const requirements = requirementStates(
    promise,
    allPromises,
    placements,
    options.retainedVersions,
  );
  const requiredBy = requiredByOf(promise, allPromises);
  const missing = requirements.filter(r => r.state !== INSTALLED);
  const base: PromiseStatus = { requiredPromises: requirements, requiredBy };
  // Requirements gate a Promise with an API only: one of dependencies alone is made
  // Available whatever they say (internal/controller/promise_controller.go Reconcile,
  // `promise.ContainsAPI()`).
  if (missing.length > 0 && promise.spec.api) {
    const why = `required Promises missing: ${missing
      .map(r => `${r.name} (${r.state})`)
      .join(', ')}`;
    return {
      ...promise,
      status: {
        ...base,
        status: 'Unavailable',
        conditions: [
          condition(
            'RequirementsFulfilled',
            'False',
            DERIVED_STATUS_REASONS.requiredPromisesMissing,
            `Worked out from the platform repository: ${why}`,
          ),
          condition(
            'Available',
            'False',
            DERIVED_STATUS_REASONS.requiredPromisesMissing,
            `Cannot fulfil resource requests: ${why}`,
          ),
        ],
      },
    };
  }
  const fulfilled =
    requirements.length > 0 && missing.length === 0
      ? [
          condition(
            'RequirementsFulfilled',
            'True',
            DERIVED_STATUS_REASONS.requiredPromisesFound,
            `Required Promises declared in the platform repository: ${requirements
              .map(r => r.name)
              .join(', ')}`,
          ),
        ]
      : [];
  const mine = placements.filter(
    p => p.promise === promise.metadata.name && writtenByWorkflow(p),
  );
  const promiseWorkflow =
    (promise.spec.workflows?.promise?.configure ?? []).length > 0;
  const available = (reason: string, message: string): KratixPromise => ({
    ...promise,
    status: {
      ...base,
      status: 'Available',
      conditions: [
        ...fulfilled,
        condition('Available', 'True', reason, message),
      ],
    },
  });
  if (mine.length === 0 && !promiseWorkflow) {
    return available(
      DERIVED_STATUS_REASONS.noPromiseWorkflow,
      'Available once its required Promises are: it has no Promise workflow to wait for (derived from the platform repository, as Kratix does)',
    );
  }
  if (mine.length === 0) {
    return {
      ...promise,
      status: {
        ...base,
        conditions: [
          ...fulfilled,
          condition(
            'Available',
            'Unknown',
            DERIVED_STATUS_REASONS.awaitingDocuments,
            'No documents of this Promise in the state store yet',
          ),
        ],
      },
    };
  }
  const where = [...new Set(mine.map(p => p.destination))].join(', ');
  return available(
    STATE_STORE_REASON,
    `Documents found in the state store for ${where} (derived: no cluster reports this Promise's status)`,
  );
}

/**
 * The Promises whose `spec.requiredPromises` name this one, in the shape Kratix writes to
 * `status.requiredBy` (so a derived status reads exactly like a reported one), by name.
 * @public
 */
export function requiredByOf(
  promise: KratixPromise,
  allPromises: KratixPromise[],
): NonNullable<PromiseStatus['requiredBy']> {
  return allPromises
    .filter(p => p.metadata.name !== promise.metadata.name)
    .flatMap(p =>
      (p.spec?.requiredPromises ?? [])
        .filter(r => r.name === promise.metadata.name)
        .map(r => ({
          promise: {
            name: p.metadata.name,
            version: p.metadata.labels?.[KRATIX_LABELS.promiseVersion],
          },
          requiredVersion: r.version,
        })),
    )
    .sort((a, b) => a.promise.name.localeCompare(b.promise.name));
}

/**
 * Whether a Promise is at a version: its current `kratix.io/promise-version` label, or any
 * version Kratix keeps a PromiseRevision of (internal/controller/promise_controller.go
 * requiredRevisionExists finds the revision by exact version; revisions stay until the
 * Promise goes).
 */
function atVersion(
  promise: KratixPromise,
  version: string | undefined,
  retained: Map<string, Set<string>> | undefined,
): boolean {
  return (
    !version ||
    promise.metadata.labels?.[KRATIX_LABELS.promiseVersion] === version ||
    !!retained?.get(promise.metadata.name)?.has(version)
  );
}

/** What the requirement walk needs beside each Promise. */
interface RequirementContext {
  allPromises: KratixPromise[];
  placements: Placement[];
  retained?: Map<string, Set<string>>;
  path: Set<string>;
  memo: Map<string, boolean>;
}

/**
 * Each required Promise's state, read from the Promises declared beside it, in Kratix's
 * wording (promise_controller.go evaluateRequirementAgainstRevisions): not installed; not
 * installed at the specified version (no revision of it); not available, when the required
 * Promise is not itself Available (a requirement of its own is unmet, the requirements go
 * round in a circle, or its Promise workflow has written nothing yet); else installed.
 */
function requirementStates(
  promise: KratixPromise,
  allPromises: KratixPromise[],
  placements: Placement[],
  retained?: Map<string, Set<string>>,
): Array<{ name: string; version?: string; state: string }> {
  const context: RequirementContext = {
    allPromises,
    placements,
    retained,
    path: new Set([promise.metadata.name]),
    memo: new Map(),
  };
  return (promise.spec?.requiredPromises ?? []).map(required => {
    const found = allPromises.find(p => p.metadata.name === required.name);
    let state = INSTALLED;
    if (!found) state = 'Requirement not installed';
    else if (!atVersion(found, required.version, retained))
      state = 'Requirement not installed at the specified version';
    else if (!isAvailable(found, context)) state = 'Requirement not available';
    return { name: required.name, version: required.version, state };
  });
}

/**
 * Whether a Promise is Available as derived here: every requirement met by an Available
 * Promise, and either no Promise workflow or documents it wrote. A name already on the path
 * is a circle, never available. Each name is worked out once (`memo`), so a large graph is
 * walked once.
 */
function isAvailable(
  promise: KratixPromise,
  context: RequirementContext,
): boolean {
  const name = promise.metadata.name;
  const known = context.memo.get(name);
  if (known !== undefined) return known;
  if (context.path.has(name)) return false;
  context.path.add(name);
  const requirementsMet = (promise.spec?.requiredPromises ?? []).every(
    required => {
      const found = context.allPromises.find(
        p => p.metadata.name === required.name,
      );
      return (
        !!found &&
        atVersion(found, required.version, context.retained) &&
        isAvailable(found, context)
      );
    },
  );
  context.path.delete(name);
  const workflow =
    (promise.spec?.workflows?.promise?.configure ?? []).length > 0;
  const result =
    (requirementsMet || !promise.spec?.api) &&
    (!workflow ||
      context.placements.some(p => p.promise === name && writtenByWorkflow(p)));
  context.memo.set(name, result);
  return result;
}

/**
 * A Destination is Ready in gitops mode when Kratix's canary files are in its state store
 * folder, as Kratix itself checks when it registers a Destination. A status written into
 * its document is ignored, as the API server ignores it.
 * @public
 */
export function withDerivedDestinationStatus(
  destination: Destination | LegacyCluster,
  store: StateStore | undefined,
  files: Set<string>,
): Destination | LegacyCluster {
  if (destination.kind !== 'Destination') return destination;
  if (!store) {
    // Kratix calls it not ready before anything else (destination_controller.go Reconcile,
    // StateStoreNotFound), initWorkloads or not.
    const ref = destination.spec.stateStoreRef;
    return {
      ...destination,
      status: {
        conditions: [
          condition(
            'Ready',
            'False',
            DERIVED_STATUS_REASONS.stateStoreNotDeclared,
            `No ${ref?.kind ?? 'state store'} named "${
              ref?.name ?? 'default'
            }" is declared in the platform repository`,
          ),
        ],
      },
    };
  }
  if (destination.spec.initWorkloads?.enabled === false) {
    // Kratix writes no canary files then, and calls the Destination ready at once
    // (internal/controller/destination_controller.go Reconcile, `InitWorkloads.Enabled`).
    return {
      ...destination,
      status: {
        conditions: [
          condition(
            'Ready',
            'True',
            DERIVED_STATUS_REASONS.initWorkloadsDisabled,
            'Destination is ready: initWorkloads.enabled is false, so Kratix writes no canary files to check (derived from the platform repository, as Kratix does)',
          ),
        ],
      },
    };
  }
  const destinationPath = destination.spec.path ?? destination.metadata.name;
  const canaries = canaryPaths(
    store?.spec.path,
    destinationPath,
    destination.spec.filepath?.mode,
  );
  // Kratix writes them flat outside nestedByMetadata mode (destination_controller.go
  // getCanaryWorkloads); v0.125.0 wrote them nested in every mode.
  const nested = canaryPaths(store?.spec.path, destinationPath);
  const written =
    canaries.every(path => files.has(path)) ||
    nested.every(path => files.has(path));
  return {
    ...destination,
    status: {
      conditions: [
        written
          ? condition(
              'Ready',
              'True',
              DERIVED_STATUS_REASONS.canaryFilesFound,
              `Canary files found in the state store (${canaries.join(', ')})`,
            )
          : condition(
              'Ready',
              'Unknown',
              DERIVED_STATUS_REASONS.awaitingDocuments,
              `Canary files not found in the state store (${canaries.join(
                ', ',
              )})`,
            ),
      ],
    },
  };
}
