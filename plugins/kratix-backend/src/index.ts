/**
 * Backstage backend plugin for Kratix: the REST API at `/api/kratix`, and the permission
 * policy that keeps admin acts for each platform's admins and requests for their owners.
 *
 * @packageDocumentation
 */
export { kratixPlugin as default } from './plugin';
export * from './permissions/requestResource';
export * from './policy/KratixPermissionPolicy';
export * from './policy/permissionPolicyModule';
