/**
 * Test utilities of the Kratix backend packages: a fake platform cluster answered through
 * msw, and helpers to seed it with Kratix objects and point a client at it; a git remote
 * over HTTP behind Basic auth and a fake of GitHub's pulls API, a watcher of git processes'
 * argument lists, and a counter of a token's forms, for credential scans.
 *
 * @packageDocumentation
 */
export * from './testing/fakeKubernetesApi';
export * from './testing/kubeConfigFor';
export * from './testing/seedFakePlatform';
export * from './testing/pipelineJob';
export * from './testing/gitHttpServer';
export * from './testing/fakeGithubPulls';
export * from './testing/bareRemote';
export * from './testing/capturingLogger';
export * from './testing/permissionTestServices';
export * from './testing/processArgumentWatcher';
export * from './testing/fakeDryRunController';
