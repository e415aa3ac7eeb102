import {
  createConditionExports,
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import {
  KRATIX_PLATFORM_RESOURCE_TYPE,
  KRATIX_RESOURCE_REQUEST_RESOURCE_TYPE,
  normalizeOwnerRef,
  parseRequestResourceRef,
  readRequestOwnerRef,
  requestResourceRef,
  ResourceRequest,
} from '@kratix-backstage/plugin-kratix-common';

export { parseRequestResourceRef, requestResourceRef };

/** A request as the permission framework sees it: its platform (and that platform's admins) and Promise. @public */
export interface KratixRequestResource {
  platform: string;
  promise: string;
  request: ResourceRequest;
  /** Entity refs of the platform's admins. */
  platformAdmins: string[];
}

/** A platform as the permission framework sees it: its name and configured admins. @public */
export interface KratixPlatformResource {
  name: string;
  admins: string[];
}

/** Query shape of request rules (requests are filtered in memory, so this is descriptive). @public */
export type KratixRequestQuery = { ownerIn?: string[]; adminIn?: string[] };

/** Query shape of platform rules. @public */
export type KratixPlatformQuery = { adminIn: string[] };

/** The resource type of Kratix requests, for conditional decisions ("manage own requests"). @public */
export const kratixRequestResourceRef = createPermissionResourceRef<
  KratixRequestResource,
  KratixRequestQuery
>().with({
  pluginId: 'kratix',
  resourceType: KRATIX_RESOURCE_REQUEST_RESOURCE_TYPE,
});

/** The resource type of Kratix platforms, for admin acts decided per platform. @public */
export const kratixPlatformResourceRef = createPermissionResourceRef<
  KratixPlatformResource,
  KratixPlatformQuery
>().with({
  pluginId: 'kratix',
  resourceType: KRATIX_PLATFORM_RESOURCE_TYPE,
});

const normalized = (refs: string[]) =>
  new Set(refs.map(r => normalizeOwnerRef(r) ?? r));
const anyClaimIn = (claims: string[], refs: string[]) => {
  const set = normalized(refs);
  return claims.some(c => set.has(normalizeOwnerRef(c) ?? c));
};

/** Allows the act when the request's owner is one of the claims (the user and their groups). @public */
export const isRequestOwner = createPermissionRule<
  typeof kratixRequestResourceRef,
  { claims: string[] }
>({
  name: 'IS_REQUEST_OWNER',
  description: "Allow when the request's owner is one of the given entity refs",
  resourceRef: kratixRequestResourceRef,
  apply: (
    resource: KratixRequestResource,
    { claims }: { claims: string[] },
  ) => {
    const owner = readRequestOwnerRef(resource.request.metadata);
    return !!owner && anyClaimIn(claims, [owner]);
  },
  toQuery: ({ claims }: { claims: string[] }) => ({ ownerIn: claims }),
});

/** Allows the act on a request when one of the claims administers the request's platform. @public */
export const isRequestPlatformAdmin = createPermissionRule<
  typeof kratixRequestResourceRef,
  { claims: string[] }
>({
  name: 'IS_REQUEST_PLATFORM_ADMIN',
  description:
    "Allow when one of the given entity refs is an admin of the request's platform",
  resourceRef: kratixRequestResourceRef,
  apply: (resource: KratixRequestResource, { claims }: { claims: string[] }) =>
    anyClaimIn(claims, resource.platformAdmins),
  toQuery: ({ claims }: { claims: string[] }) => ({ adminIn: claims }),
});

/** Allows an admin act when one of the claims is among the platform's configured admins. @public */
export const isPlatformAdmin = createPermissionRule<
  typeof kratixPlatformResourceRef,
  { claims: string[] }
>({
  name: 'IS_PLATFORM_ADMIN',
  description:
    "Allow when one of the given entity refs is among the platform's configured admins",
  resourceRef: kratixPlatformResourceRef,
  apply: (resource: KratixPlatformResource, { claims }: { claims: string[] }) =>
    anyClaimIn(claims, resource.admins),
  toQuery: ({ claims }: { claims: string[] }) => ({ adminIn: claims }),
});

/** Every request rule, for registration. @public */
export const kratixRequestRules = { isRequestOwner, isRequestPlatformAdmin };
/** Every platform rule, for registration. @public */
export const kratixPlatformRules = { isPlatformAdmin };

const requestExports = createConditionExports({
  resourceRef: kratixRequestResourceRef,
  rules: kratixRequestRules,
});
const platformExports = createConditionExports({
  resourceRef: kratixPlatformResourceRef,
  rules: kratixPlatformRules,
});

/** Conditions for policies, e.g. `kratixRequestConditions.isRequestOwner({ claims })`. @public */
export const kratixRequestConditions = requestExports.conditions;
/** Wraps request conditions into a decision for `kratix.resource.manage` or `kratix.resource.logs.read`. @public */
export const createKratixRequestConditionalDecision =
  requestExports.createConditionalDecision;
/** Conditions for policies, e.g. `kratixPlatformConditions.isPlatformAdmin({ claims })`. @public */
export const kratixPlatformConditions = platformExports.conditions;
/** Wraps platform conditions into a decision for the admin permissions. @public */
export const createKratixPlatformConditionalDecision =
  platformExports.createConditionalDecision;
