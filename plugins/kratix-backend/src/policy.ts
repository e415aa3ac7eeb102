/**
 * The suite's permission policy as a backend module, for one-line installation:
 * `backend.add(import('@kratix-backstage/plugin-kratix-backend/policy'))`.
 *
 * @packageDocumentation
 */
export { kratixPermissionPolicyModule as default } from './policy/permissionPolicyModule';
