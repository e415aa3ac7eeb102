/**
 * Test utilities of the Kratix backend packages: a fake platform cluster answered through
 * msw, and helpers to seed it with Kratix objects and point a client at it.
 *
 * @packageDocumentation
 */
export * from './__testUtils__/FakeKubernetesApi';
export * from './__testUtils__/kubeConfigFor';
export * from './__testUtils__/seedFakePlatform';
export * from './__testUtils__/pipelineJob';
