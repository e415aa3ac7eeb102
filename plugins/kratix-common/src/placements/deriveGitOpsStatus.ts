import { Condition, Destination, KratixPromise, LegacyCluster, ResourceRequest, StateStore } from '../model';
import { canaryPaths } from '../stateStoreLayout';
import { Placement } from './Placement';

/** Reason of the conditions the suite derives from a state store when no cluster reports status. @public */
export const STATE_STORE_REASON = 'DocumentsInStateStore';

const condition = (type: string, status: Condition['status'], reason: string, message: string): Condition => ({
  type,
  status,
  reason,
  message,
});

/**
 * In gitops mode nothing on a cluster writes status, so the state store is the evidence:
 * a request whose documents are in the store is reconciled, one whose are not is pending.
 * Objects that already carry a status (exported from a cluster) are left as they are.
 * @public
 */
export function withDerivedRequestStatus(request: ResourceRequest, placements: Placement[]): ResourceRequest {
  if (request.status && Object.keys(request.status).length > 0) return request;
  const landed = placements.filter(
    p => p.type === 'resource' && p.resource === request.metadata.name && p.namespace === request.metadata.namespace,
  );
  const status = landed.length
    ? {
        message: 'Resource requested',
        conditions: [
          condition('Reconciled', 'True', STATE_STORE_REASON, `Documents written to ${[...new Set(landed.map(p => p.destination))].join(', ')}`),
        ],
      }
    : {
        message: 'Pending',
        conditions: [
          condition('Reconciled', 'Unknown', 'AwaitingStateStore', 'Waiting for Kratix to write documents to the state store'),
        ],
      };
  return { ...request, status };
}

/**
 * A Promise is taken as available in gitops mode when Kratix has written its worker
 * resources or any of its requests' documents; otherwise its state is unknown.
 * @public
 */
export function withDerivedPromiseStatus(
  promise: KratixPromise,
  placements: Placement[],
  allPromises: KratixPromise[] = [],
): KratixPromise {
  if (promise.status && Object.keys(promise.status).length > 0) return promise;
  const requirements = requirementStates(promise, allPromises);
  const missing = requirements.filter(r => r.state !== 'Requirement installed');
  if (missing.length > 0) {
    return {
      ...promise,
      status: {
        status: 'Unavailable',
        requiredPromises: requirements,
        conditions: [
          condition('RequirementsFulfilled', 'False', 'RequirementsNotInstalled', `Requirements not fulfilled: ${missing.map(r => r.name).join(', ')}`),
          condition('Available', 'False', 'PromiseUnavailable', 'Cannot fulfil resource requests'),
        ],
      },
    };
  }
  const mine = placements.filter(p => p.promise === promise.metadata.name);
  if (mine.length === 0) {
    return {
      ...promise,
      status: {
        requiredPromises: requirements,
        conditions: [condition('Available', 'Unknown', 'AwaitingStateStore', 'No documents of this Promise in the state store yet')],
      },
    };
  }
  const where = [...new Set(mine.map(p => p.destination))].join(', ');
  return {
    ...promise,
    status: {
      status: 'Available',
      requiredPromises: requirements,
      conditions: [condition('Available', 'True', STATE_STORE_REASON, `Documents written to ${where}`)],
    },
  };
}

/**
 * Each required Promise's state, read from the Promises declared beside it: installed, not
 * installed, or installed at another version than required (Kratix's own wording).
 */
function requirementStates(promise: KratixPromise, allPromises: KratixPromise[]) {
  return (promise.spec?.requiredPromises ?? []).map(required => {
    const found = allPromises.find(p => p.metadata.name === required.name);
    const version = found?.metadata.labels?.['kratix.io/promise-version'];
    let state = 'Requirement installed';
    if (!found) state = 'Requirement not installed';
    else if (required.version && version !== required.version) state = 'Requirement not installed at the specified version';
    return { name: required.name, version: required.version, state };
  });
}

/**
 * A Destination is Ready in gitops mode when Kratix's canary files are in its state store
 * folder, as Kratix itself checks when it registers a Destination.
 * @public
 */
export function withDerivedDestinationStatus(
  destination: Destination | LegacyCluster,
  store: StateStore | undefined,
  files: Set<string>,
): Destination | LegacyCluster {
  if (destination.kind !== 'Destination' || destination.status?.conditions?.length) return destination;
  const canaries = canaryPaths(store?.spec.path, destination.spec.path ?? destination.metadata.name, destination.spec.filepath?.mode);
  const written = canaries.every(path => files.has(path));
  return {
    ...destination,
    status: {
      conditions: [
        written
          ? condition('Ready', 'True', 'TestDocumentsWritten', 'Test documents written to State Store')
          : condition('Ready', 'Unknown', 'AwaitingStateStore', `Canary files not found in the state store (${canaries.join(', ')})`),
      ],
    },
  };
}
