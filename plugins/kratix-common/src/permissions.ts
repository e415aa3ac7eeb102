import { createPermission } from '@backstage/plugin-permission-common';

/** Resource type of a Kratix resource request, so "manage own" can be a conditional rule. @public */
export const KRATIX_RESOURCE_REQUEST_RESOURCE_TYPE = 'kratix-resource-request';

/**
 * Resource type of a configured platform, so admin acts are decided per platform (each
 * platform names its own admins).
 * @public
 */
export const KRATIX_PLATFORM_RESOURCE_TYPE = 'kratix-platform';

/** Read Promises, clusters, state stores, requests and their status. @public */
export const kratixReadPermission = createPermission({
  name: 'kratix.platform.read',
  attributes: { action: 'read' },
});

/** Create a resource request from a Promise (templates, the REST API). @public */
export const kratixResourceCreatePermission = createPermission({
  name: 'kratix.resource.create',
  attributes: { action: 'create' },
});

/**
 * Manage (re-run, pause, resume, upgrade, delete) a request; conditional on ownership so a
 * policy can allow "own requests" through the request's owner label.
 * @public
 */
export const kratixResourceManagePermission = createPermission({
  name: 'kratix.resource.manage',
  attributes: { action: 'update' },
  resourceType: KRATIX_RESOURCE_REQUEST_RESOURCE_TYPE,
});

/**
 * Read the logs of a request's pipeline runs; conditional on ownership, because pipeline
 * logs often hold secrets.
 * @public
 */
export const kratixResourceLogsReadPermission = createPermission({
  name: 'kratix.resource.logs.read',
  attributes: { action: 'read' },
  resourceType: KRATIX_RESOURCE_REQUEST_RESOURCE_TYPE,
});

/**
 * Act as an admin of a platform's requests: manage any team's request, record any owner on
 * a request, change a request's owner. Decided per platform.
 * @public
 */
export const kratixResourceManageAnyPermission = createPermission({
  name: 'kratix.resource.manage-any',
  attributes: { action: 'update' },
  resourceType: KRATIX_PLATFORM_RESOURCE_TYPE,
});

/** Install or upgrade a Promise on a platform (marketplace, URL, PromiseRelease). @public */
export const kratixPromiseInstallPermission = createPermission({
  name: 'kratix.promise.install',
  attributes: { action: 'create' },
  resourceType: KRATIX_PLATFORM_RESOURCE_TYPE,
});

/**
 * Control a Promise's workflows on a platform: pause and resume its reconciliation, re-run
 * its pipelines, resume its suspended workflow (platform admins).
 * @public
 */
export const kratixPromiseManagePermission = createPermission({
  name: 'kratix.promise.manage',
  attributes: { action: 'update' },
  resourceType: KRATIX_PLATFORM_RESOURCE_TYPE,
});

/** Read the logs of a Promise's own pipeline runs (platform admins). @public */
export const kratixPromiseLogsReadPermission = createPermission({
  name: 'kratix.promise.logs.read',
  attributes: { action: 'read' },
  resourceType: KRATIX_PLATFORM_RESOURCE_TYPE,
});

/** Register or change a cluster (Destination) or state store of a platform. @public */
export const kratixDestinationRegisterPermission = createPermission({
  name: 'kratix.destination.register',
  attributes: { action: 'create' },
  resourceType: KRATIX_PLATFORM_RESOURCE_TYPE,
});

/** Every permission the suite defines, for registration with the permission framework. @public */
export const kratixPermissions = [
  kratixReadPermission,
  kratixResourceCreatePermission,
  kratixResourceManagePermission,
  kratixResourceLogsReadPermission,
  kratixResourceManageAnyPermission,
  kratixPromiseInstallPermission,
  kratixPromiseManagePermission,
  kratixPromiseLogsReadPermission,
  kratixDestinationRegisterPermission,
];

/**
 * Permissions only a platform's admins hold by default: the suite's policy makes them
 * conditional on the caller being one of the platform's configured admins.
 * @public
 */
export const kratixAdminPermissions = [
  kratixResourceManageAnyPermission,
  kratixPromiseInstallPermission,
  kratixPromiseManagePermission,
  kratixPromiseLogsReadPermission,
  kratixDestinationRegisterPermission,
];

/**
 * Permissions on one request that its owner and the platform's admins hold by default.
 * @public
 */
export const kratixRequestOwnerPermissions = [
  kratixResourceManagePermission,
  kratixResourceLogsReadPermission,
];

/** `<platform>:<promise>:<namespace>/<name>`, the resource ref a request is authorized by. @public */
export function requestResourceRef(
  platform: string,
  promise: string,
  namespace: string,
  name: string,
): string {
  return `${platform}:${promise}:${namespace}/${name}`;
}

/** Reads a request resource ref back into its parts, or undefined when it is malformed. @public */
export function parseRequestResourceRef(
  ref: string,
):
  | { platform: string; promise: string; namespace: string; name: string }
  | undefined {
  const match = /^([^:/]+):([^:/]+):([^:/]+)\/([^:/]+)$/.exec(ref);
  if (!match) return undefined;
  const [, platform, promise, namespace, name] = match;
  return { platform, promise, namespace, name };
}
