/*
 * A platform cluster for the end-to-end suite, over real HTTP: the suite's fake Kubernetes
 * API server (FakeKubernetesApi, which answers fetch Requests through msw handlers) behind a
 * node http server on 127.0.0.1, seeded with the test fixtures (seedFakePlatform), with
 * Kratix's DryRun controller played by fakeDryRunController and Kratix's resume of a
 * suspended workflow played here. The app reaches it as a `kubernetes` platform.
 */
import { randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { getResponse } from 'msw';
import { stringify } from 'yaml';
import {
  extractPromiseApi,
  KratixPromise,
  KubernetesObject,
  Work,
} from '@kratix-backstage/plugin-kratix-common';
import {
  compressWorkload,
  FakeDryRunPipeline,
  FakeDryRunPipelines,
  FakeKubernetesApi,
  fakeDryRunController,
  loadCommonFixtures,
  seedFakePlatform,
} from '@kratix-backstage/plugin-kratix-node/testUtils';

const KRATIX = 'platform.kratix.io/v1alpha1';
const SUSPENDED = 'kratix.io/workflow-suspended';

/** The jenkins document the fixtures' request team-checkout/ci had its pipeline write. */
const jenkinsInstance = (name: string, spec: unknown) =>
  stringify({
    apiVersion: 'jenkins.io/v1alpha2',
    kind: 'Jenkins',
    metadata: { name, namespace: 'default' },
    spec,
  });

/**
 * The fixtures, with two changes for a platform a user walks through: the Work of
 * team-checkout/ci holds a readable jenkins-instance.yaml (the fixture's workload is a stub),
 * so a dry run of it has a real document to diff; and redis requires no cert-manager, a
 * Promise no fixture installs (its catalog relation would point at no entity).
 */
function fixtures(): KubernetesObject[] {
  return loadCommonFixtures().map(o => {
    if (o.kind === 'Promise' && o.metadata.name === 'redis') {
      const promise = structuredClone(o) as KratixPromise;
      delete (promise.spec as { requiredPromises?: unknown }).requiredPromises;
      return promise as KubernetesObject;
    }
    if (
      o.kind !== 'Work' ||
      o.metadata.name !== 'jenkins-ci-instance-configure-a81b2'
    )
      return o;
    const work = structuredClone(o) as unknown as Work;
    for (const group of work.spec.workloadGroups ?? [])
      for (const w of group.workloads ?? [])
        if (w.filepath === 'jenkins-instance.yaml')
          w.content = compressWorkload(
            jenkinsInstance('ci', { env: 'dev', agents: 2 }),
          );
    return work as unknown as KubernetesObject;
  });
}

/** What the jenkins pipeline writes in a dry run: the instance document of the new spec. */
const pipelines: FakeDryRunPipelines = ({ promise, request, spec }) => {
  const runs: Record<string, FakeDryRunPipeline> = {};
  if (promise === 'jenkins')
    runs['instance-configure'] = {
      files: { 'jenkins-instance.yaml': jenkinsInstance(request, spec) },
    };
  return runs;
};

/**
 * Kratix's answer to a resumed workflow: once `kratix.io/workflow-suspended` is removed,
 * the request is reconciled again and its suspended pipeline runs on
 * (internal/controller/dynamic_resource_request_controller.go at Kratix HEAD skips a
 * request only while the label is "true"). Here the pipeline then succeeds at once.
 */
function resumeSuspendedRequests(fake: FakeKubernetesApi): void {
  const promises = fake.list(KRATIX, 'Promise') as unknown as KratixPromise[];
  for (const promise of promises) {
    const api = extractPromiseApi(promise);
    if (!api) continue;
    for (const version of api.versions) {
      let requests: KubernetesObject[];
      try {
        requests = fake.list(`${api.group}/${version.name}`, api.kind);
      } catch {
        continue; // a version the fake does not serve
      }
      for (const request of requests) {
        const status = (request as any).status;
        const pipelines: Array<{ name: string; phase: string }> =
          status?.kratix?.workflows?.pipelines ?? [];
        if (
          request.metadata.labels?.[SUSPENDED] === 'true' ||
          !pipelines.some(p => p.phase === 'Suspended')
        )
          continue;
        const at = new Date().toISOString();
        fake.put({
          ...request,
          status: {
            ...status,
            message: 'Resource requested',
            observedGeneration: request.metadata.generation,
            workflowsSucceeded: status.workflows ?? 1,
            conditions: [
              {
                type: 'ConfigureWorkflowCompleted',
                status: 'True',
                reason: 'PipelinesExecutedSuccessfully',
                message: 'Pipelines completed',
                lastTransitionTime: at,
              },
              {
                type: 'Reconciled',
                status: 'True',
                reason: 'Reconciled',
                message: 'Reconciled',
                lastTransitionTime: at,
              },
            ],
            kratix: {
              ...status.kratix,
              workflows: {
                lastSuccessfulConfigureWorkflowTime: at,
                pipelines: pipelines.map(p => ({
                  name: p.name,
                  phase: 'Succeeded',
                  lastTransitionTime: at,
                })),
              },
            },
          },
        } as KubernetesObject);
      }
    }
  }
}

/** Answers one node request with the fake's answer, streaming its body (watches). */
async function serve(
  fake: FakeKubernetesApi,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers))
    if (typeof value === 'string') headers.set(key, value);
    else if (Array.isArray(value))
      for (const v of value) headers.append(key, v);
  const request = new Request(`${fake.baseUrl}${req.url}`, {
    method: req.method,
    headers,
    body:
      chunks.length && !['GET', 'HEAD'].includes(req.method ?? 'GET')
        ? Buffer.concat(chunks)
        : undefined,
  });
  const response = await getResponse(fake.handlers(), request);
  if (!response) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(response.status, Object.fromEntries(response.headers));
  if (!response.body) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  // A client that hangs up ends the watch, as on a real API server.
  res.on('close', () => reader.cancel().catch(() => undefined));
  for (;;) {
    const { done, value } = await reader.read().catch(() => ({
      done: true as const,
      value: undefined,
    }));
    if (done) break;
    res.write(value);
  }
  res.end();
}

/** A running fake platform: its URL, the service-account token it accepts, and stop. */
export interface FakePlatform {
  url: string;
  token: string;
  stop(): Promise<void>;
}

/** Starts the fake platform cluster on a free port of 127.0.0.1. */
export async function startFakePlatform(): Promise<FakePlatform> {
  const fake = new FakeKubernetesApi();
  seedFakePlatform(fake, fixtures());
  // A fresh token per run, known to the fake with every right (a service account bound to
  // cluster-admin).
  const token = randomBytes(24).toString('hex');
  fake.serviceAccount(token);
  const dryRuns = fakeDryRunController(fake, pipelines);
  dryRuns.start(200);
  const resumer = setInterval(() => resumeSuspendedRequests(fake), 200);
  const server = createServer((req, res) => {
    serve(fake, req, res).catch(error => {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(error));
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    stop: async () => {
      clearInterval(resumer);
      dryRuns.stop();
      fake.dropWatches();
      server.closeAllConnections();
      await new Promise(resolve => server.close(resolve));
    },
  };
}
