import { createPermission } from '@backstage/plugin-permission-common';

/** Resource type of a Kratix resource request, so "manage own" can be a conditional rule. @public */
export const KRATIX_RESOURCE_REQUEST_RESOURCE_TYPE = 'kratix-resource-request';

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

/** Manage any team's request regardless of ownership (platform admins). @public */
export const kratixResourceManageAnyPermission = createPermission({
  name: 'kratix.resource.manage-any',
  attributes: { action: 'update' },
});

/** Install or upgrade a Promise (marketplace, URL, PromiseRelease). @public */
export const kratixPromiseInstallPermission = createPermission({
  name: 'kratix.promise.install',
  attributes: { action: 'create' },
});

/** Register or change a cluster (Destination) or state store. @public */
export const kratixDestinationRegisterPermission = createPermission({
  name: 'kratix.destination.register',
  attributes: { action: 'create' },
});

/** Every permission the suite defines, for registration with the permission framework. @public */
export const kratixPermissions = [
  kratixReadPermission,
  kratixResourceCreatePermission,
  kratixResourceManagePermission,
  kratixResourceManageAnyPermission,
  kratixPromiseInstallPermission,
  kratixDestinationRegisterPermission,
];

/**
 * Permissions only platform admins hold by default: the suite's own policy denies them
 * unless configuration allows the user.
 * @public
 */
export const kratixAdminPermissions = [
  kratixResourceManageAnyPermission,
  kratixPromiseInstallPermission,
  kratixDestinationRegisterPermission,
];
