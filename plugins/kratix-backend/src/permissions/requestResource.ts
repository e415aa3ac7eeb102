import {
  createConditionExports,
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import {
  KRATIX_RESOURCE_REQUEST_RESOURCE_TYPE,
  readRequestOwnerRef,
  ResourceRequest,
} from '@kratix-backstage/plugin-kratix-common';

/** A request as the permission framework sees it: which platform and Promise it belongs to. @public */
export interface KratixRequestResource {
  platform: string;
  promise: string;
  request: ResourceRequest;
}

/** Query shape of request rules (requests are filtered in memory, so this is descriptive). @public */
export type KratixRequestQuery = { ownerIn: string[] };

/** The resource type of Kratix requests, for conditional decisions ("manage own requests"). @public */
export const kratixRequestResourceRef = createPermissionResourceRef<KratixRequestResource, KratixRequestQuery>().with({
  pluginId: 'kratix',
  resourceType: KRATIX_RESOURCE_REQUEST_RESOURCE_TYPE,
});

/** `<platform>:<promise>:<namespace>/<name>`, the string a request is authorized by. @public */
export function requestResourceRef(platform: string, promise: string, namespace: string, name: string): string {
  return `${platform}:${promise}:${namespace}/${name}`;
}

/** Reads a request resource ref back into its parts, or undefined when it is malformed. */
export function parseRequestResourceRef(ref: string) {
  const match = /^([^:]+):([^:]+):([^/]+)\/(.+)$/.exec(ref);
  if (!match) return undefined;
  const [, platform, promise, namespace, name] = match;
  return { platform, promise, namespace, name };
}

/** Allows the act when the request's owner is one of the claims (the user and their groups). @public */
export const isRequestOwner = createPermissionRule<typeof kratixRequestResourceRef, { claims: string[] }>({
  name: 'IS_REQUEST_OWNER',
  description: "Allow when the request's owner is one of the given entity refs",
  resourceRef: kratixRequestResourceRef,
  apply: (resource: KratixRequestResource, { claims }: { claims: string[] }) => {
    const owner = readRequestOwnerRef(resource.request.metadata);
    return !!owner && claims.includes(owner);
  },
  toQuery: ({ claims }: { claims: string[] }) => ({ ownerIn: claims }),
});

/** Every request rule, for registration. @public */
export const kratixRequestRules = { isRequestOwner };

const { conditions, createConditionalDecision } = createConditionExports({
  resourceRef: kratixRequestResourceRef,
  rules: kratixRequestRules,
});

/** Conditions for policies, e.g. `kratixRequestConditions.isRequestOwner({ claims })`. @public */
export const kratixRequestConditions = conditions;
/** Wraps conditions into a decision for `kratix.resource.manage`. @public */
export const createKratixRequestConditionalDecision = createConditionalDecision;
