/**
 * A Kubernetes API server for tests, answered through msw: {@link FakeKubernetesApi} and the
 * types of its options, rights, faults and audit log.
 */
export { FakeKubernetesApi } from './FakeKubernetesApi';
export type { FakeKubernetesApiOptions } from './FakeKubernetesApi';
export type { FakeResource } from './model';
export type { FakeFault } from './faults';
export type { FakeAuditEvent } from './audit';
export { FAKE_SERVICE_ACCOUNT_TOKEN, FAKE_SERVICE_ACCOUNT_USER } from './auth';
export type { FakeGrant, FakePolicy, FakeRequestAttributes } from './auth';
