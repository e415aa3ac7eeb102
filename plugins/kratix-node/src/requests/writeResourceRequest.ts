import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  buildResourceRequest,
  CommitAuthor,
  decideRequestOwner,
  ENTITY_REF_ANNOTATION,
  extractPromiseApi,
  ownershipMetadata,
  readRequestOwnerRef,
  RequestCaller,
  ResourceRequest,
  validateResourceRequest,
} from '@kratix-backstage/plugin-kratix-common';
import {
  KratixPlatform,
  RequestRef,
  SubmitRequestResult,
  UserClusterCredentials,
} from '../platform/KratixPlatform';
import { boundRevision } from './boundRevision';

/** What a caller asks to write: the fields of the REST body and the action's input. @public */
export interface ResourceRequestInput {
  name?: unknown;
  namespace?: unknown;
  spec?: unknown;
  /** Owner entity ref to record; the caller by default. */
  owner?: string;
  /** Entity ref of the Backstage entity the request is for. */
  entity?: string;
}

/** Who writes, and what the permission framework says they may do. @public */
export interface ResourceRequestWriter {
  caller: RequestCaller;
  /** Whether the caller administers this platform (may record or change any owner). */
  isAdmin(): Promise<boolean>;
  /** Whether the caller may manage this existing request (its owner or an admin). */
  canManage(ref: RequestRef): Promise<boolean>;
  /** The commit identity of the caller. */
  author?: CommitAuthor;
  /** The caller's own cluster token, for platforms that write as the user. */
  asUser?: UserClusterCredentials;
}

/** The outcome of a write: how it was delivered, and the request as written. @public */
export interface ResourceRequestWriteResult extends SubmitRequestResult {
  request: ResourceRequest;
  /** `<platform>/<namespace>/<kind>/<name>`. */
  requestRef: string;
  /**
   * On an update, the version of the PromiseRevision the request is bound to, whose API the
   * spec was checked against as well as the Promise's current one; absent where the platform
   * reads no revisions.
   */
  boundRevisionVersion?: string;
}

/**
 * Creates or updates a resource request the one way both the REST API and the scaffolder
 * do: the input is validated against the Promise's API (400 naming the field); a create of
 * an existing request is refused (409), as is an update of a missing one (404); an update
 * needs the manage permission on that request (403), and its spec must also fit the API of
 * the PromiseRevision the request is bound to where the platform has revisions (400: the API
 * server enforces only the latest CRD, Kratix reconciles against the bound revision). The
 * recorded owner is decided by
 * `decideRequestOwner` (kratix-common). Nothing is written unless every check passes.
 * @public
 */
export async function writeResourceRequest(
  platform: KratixPlatform,
  promiseName: string,
  input: ResourceRequestInput,
  options: {
    operation: 'create' | 'update';
    dryRun?: boolean;
    writer: ResourceRequestWriter;
  },
): Promise<ResourceRequestWriteResult> {
  const { operation, writer } = options;
  const promise = await platform.getPromise(promiseName);
  if (!promise)
    throw new NotFoundError(
      `promise: Promise "${promiseName}" not found on platform ${platform.name}`,
    );

  const requested = ownershipMetadata(
    input.owner ?? writer.caller.userRef,
    input.entity,
  );
  const validation = validateResourceRequest(promise, {
    ...input,
    labels: requested.labels,
  });
  if (!validation.valid) {
    throw new InputError(
      `The request is not valid for Promise ${promiseName}: ${validation.errors
        .map(e => e.message)
        .join('; ')}`,
    );
  }
  const name = input.name as string;
  const namespace = input.namespace as string;
  const ref = { promise: promiseName, namespace, name };
  const target = `Request ${namespace}/${name} of Promise ${promiseName} on platform ${platform.name}`;

  const existing = await findRequest(platform, ref);
  if (operation === 'create' && existing) {
    throw new ConflictError(
      `${target} already exists; choose another name, or update it (its owner or a platform admin)`,
    );
  }
  if (operation === 'update') {
    if (!existing)
      throw new NotFoundError(`${target} does not exist; create it first`);
    if (!(await writer.canManage(ref))) {
      throw new NotAllowedError(
        `Not allowed to update ${target}: only its owner or a platform admin may`,
      );
    }
  }
  const revision =
    operation === 'update' && existing
      ? await boundRevision(platform, ref, existing)
      : undefined;
  // The revision's spec as a Promise of the same name, without the installed Promise's
  // resourceVersion: compiled validators are cached by that, and would be the latest one's.
  const revisionPromise = revision?.spec.promiseSpec && {
    apiVersion: promise.apiVersion,
    kind: promise.kind,
    metadata: { name: promise.metadata.name },
    spec: revision.spec.promiseSpec,
  };
  // A revision recorded without an API (none to check against) leaves today's check alone.
  if (revision && revisionPromise && extractPromiseApi(revisionPromise)) {
    const bound = validateResourceRequest(revisionPromise, {
      ...input,
      labels: requested.labels,
    });
    if (!bound.valid) {
      throw new InputError(
        `The request is not valid for version ${
          revision.spec.version
        } of Promise ${promiseName}, the version it is bound to: ${bound.errors
          .map(e => e.message)
          .join('; ')}`,
      );
    }
  }

  const decision = decideRequestOwner({
    requested: input.owner,
    existing: existing
      ? { owner: readRequestOwnerRef(existing.metadata) }
      : undefined,
    caller: writer.caller,
    isAdmin: await isAdminWhenItMatters(input, existing, writer),
  });
  if (!decision.allowed) throw new NotAllowedError(decision.reason);
  const entity =
    input.entity ?? existing?.metadata.annotations?.[ENTITY_REF_ANNOTATION];
  const { labels, annotations } = ownershipMetadata(decision.owner, entity);
  const request = buildResourceRequest(promise, {
    name,
    namespace,
    spec: (input.spec ?? {}) as Record<string, unknown>,
    labels,
    annotations,
  });
  const result = await platform.submitRequest(promiseName, request, {
    operation,
    dryRun: options.dryRun,
    author: writer.author,
    asUser: writer.asUser,
    requester: writer.caller.userRef,
  });
  return {
    ...result,
    request,
    requestRef: `${platform.name}/${namespace}/${request.kind}/${name}`,
    ...(revision && { boundRevisionVersion: revision.spec.version }),
  };
}

/**
 * The request as the platform has it, or as an open pull request proposes it: read afresh
 * from the remote and the git host, since another replica may have proposed it a moment ago
 * (a 503 when they cannot be read, never "not proposed").
 */
async function findRequest(
  platform: KratixPlatform,
  ref: RequestRef,
): Promise<ResourceRequest | undefined> {
  const onPlatform = (
    await platform.listRequests({
      promise: ref.promise,
      namespace: ref.namespace,
    })
  ).find(r => r.metadata.name === ref.name);
  if (onPlatform) return onPlatform;
  return (await platform.findPendingRequest?.(ref))?.request;
}

/** Admin status is asked only when an owner other than the default is at stake. */
async function isAdminWhenItMatters(
  input: ResourceRequestInput,
  existing: ResourceRequest | undefined,
  writer: ResourceRequestWriter,
): Promise<boolean> {
  if (!input.owner) return false;
  const current = existing && readRequestOwnerRef(existing.metadata);
  if (existing && current === input.owner) return false;
  return writer.isAdmin();
}
