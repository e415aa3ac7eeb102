/*
 * The platform bench:read serves: Promises, Destinations, requests, and Works and
 * WorkPlacements as Kratix writes them, each carrying a gzip+base64 copy of every output
 * document of its pipeline (three manifests of a few KB each per Work).
 */
import { createHash, randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { stringify } from 'yaml';
import {
  KratixPromise,
  ResourceRequest,
  Work,
  WorkPlacement,
} from '@kratix-backstage/plugin-kratix-common';

/** The size of one bench platform. */
export interface ReadScale {
  promises: number;
  requests: number;
  destinations: number;
  works: number;
  namespaces: number;
}

export const KRATIX = 'platform.kratix.io/v1alpha1';

export function promise(i: number): KratixPromise {
  return {
    apiVersion: KRATIX,
    kind: 'Promise',
    metadata: {
      name: `service-${i}`,
      labels: { 'kratix.io/promise-version': 'v1.0.0' },
    },
    spec: {
      api: {
        spec: {
          group: 'bench.kratix.io',
          names: { kind: `Service${i}`, plural: `service${i}s` },
          scope: 'Namespaced',
          versions: [
            {
              name: 'v1',
              served: true,
              storage: true,
              schema: { openAPIV3Schema: { type: 'object' } },
            },
          ],
        },
      },
      destinationSelectors: [{ matchLabels: { environment: 'dev' } }],
    },
    status: {
      status: 'Available',
      kind: `Service${i}`,
      apiVersion: 'bench.kratix.io/v1',
    },
  };
}

export function destination(i: number) {
  return {
    apiVersion: KRATIX,
    kind: 'Destination',
    metadata: {
      name: `worker-${i}`,
      labels: { environment: i % 2 ? 'dev' : 'prod' },
    },
    spec: {
      path: `worker-${i}`,
      stateStoreRef: { kind: 'GitStateStore', name: 'default' },
    },
  };
}

const uid = (seed: string) => {
  const h = createHash('md5').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(
    16,
    20,
  )}-${h.slice(20, 32)}`;
};

export function request(s: ReadScale, i: number): ResourceRequest {
  const p = i % s.promises;
  const ready = i % 7 !== 0;
  return {
    apiVersion: 'bench.kratix.io/v1',
    kind: `Service${p}`,
    metadata: {
      name: `req-${i}`,
      namespace: `team-${i % s.namespaces}`,
      generation: 1,
      resourceVersion: String(1000 + i),
      uid: uid(`request-${i}`),
      creationTimestamp: '2025-01-01T00:00:00Z',
      labels: { 'kratix.io/promise-name': `service-${p}` },
    },
    spec: { size: 'small', replicas: 1 + (i % 3), region: 'eu-west-1' },
    status: {
      observedGeneration: 1,
      message: ready ? 'Resource requested' : 'Pending',
      conditions: [
        ready
          ? {
              type: 'Reconciled',
              status: 'True',
              reason: 'Reconciled',
              message: 'Reconciled',
              lastTransitionTime: '2025-01-01T00:01:00Z',
            }
          : {
              type: 'Reconciled',
              status: 'Unknown',
              reason: 'WorkflowPending',
              message: 'Pending',
              lastTransitionTime: '2025-01-01T00:01:00Z',
            },
      ],
    },
  };
}

/** Variants per document slot: real gzip+base64 of distinct manifests, reused across Works. */
const VARIANTS = 256;
const FILES = ['deployment.yaml', 'service.yaml', 'configmap.yaml'] as const;

/** A Deployment of about 3 KB, a Service of about 1.5 KB, a ConfigMap of about 3 KB. */
function manifest(slot: number, v: number): string {
  const name = `app-${v}`;
  const hex = (n: number) => randomBytes(n).toString('hex');
  const labels = {
    'app.kubernetes.io/name': name,
    'app.kubernetes.io/instance': `${name}-${hex(3)}`,
    'app.kubernetes.io/managed-by': 'kratix',
    'app.kubernetes.io/part-of': `team-${v % 20}`,
  };
  if (slot === 0) {
    return stringify({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name,
        labels,
        annotations: { 'kratix.io/checksum': hex(32) },
      },
      spec: {
        replicas: 1 + (v % 3),
        selector: { matchLabels: { 'app.kubernetes.io/name': name } },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: name,
            containers: ['app', 'sidecar'].map(c => ({
              name: c,
              image: `registry.example.com/${name}/${c}@sha256:${hex(32)}`,
              ports: [{ containerPort: 8080 + v, name: 'http' }],
              env: Array.from({ length: 8 }, (_, e) => ({
                name: `SETTING_${e}`,
                value: hex(8),
              })),
              resources: {
                requests: { cpu: '100m', memory: '128Mi' },
                limits: { cpu: '500m', memory: '512Mi' },
              },
              readinessProbe: {
                httpGet: { path: '/healthz', port: 'http' },
                periodSeconds: 10,
              },
            })),
          },
        },
      },
    });
  }
  if (slot === 1) {
    return stringify({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name,
        labels,
        annotations: { 'example.com/owner': `team-${v % 20}`, id: hex(16) },
      },
      spec: {
        type: 'ClusterIP',
        selector: { 'app.kubernetes.io/name': name },
        ports: Array.from({ length: 4 }, (_, p) => ({
          name: `port-${p}`,
          port: 80 + p,
          targetPort: 8080 + p,
          protocol: 'TCP',
        })),
      },
    });
  }
  return stringify({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: `${name}-config`, labels },
    data: Object.fromEntries(
      Array.from({ length: 24 }, (_, k) => [
        `key-${k}`,
        `${hex(24)}-${k % 3 ? 'enabled' : 'disabled'}`,
      ]),
    ),
  });
}

let pool: string[][] | undefined;
/** The documents' gzip+base64 forms, computed once per process. */
function contents(): string[][] {
  pool ??= FILES.map((_, slot) =>
    Array.from({ length: VARIANTS }, (__, v) =>
      gzipSync(manifest(slot, v)).toString('base64'),
    ),
  );
  return pool;
}

/** Average raw and encoded size of one Work's documents, for the table. */
export function contentSizes(): { raw: number; encoded: number } {
  const encoded = contents().flat();
  const raw = FILES.flatMap((_, slot) =>
    Array.from({ length: 8 }, (__, v) => manifest(slot, v).length),
  );
  const avg = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  return {
    raw: avg(raw) * FILES.length,
    encoded: avg(encoded.map(e => e.length)) * FILES.length,
  };
}

function workloads(i: number) {
  const pools = contents();
  return FILES.map((filepath, slot) => ({
    filepath,
    content: pools[slot][(i * 31 + slot * 7) % VARIANTS],
  }));
}

/** Work i belongs to request i % requests; two pipelines per request. */
export function workParts(s: ReadScale, i: number) {
  const r = i % s.requests;
  const p = r % s.promises;
  const pipeline = i < s.requests ? 'instance-configure' : 'instance-deploy';
  const id = createHash('md5').update(`${pipeline}/${i}`).digest('hex');
  return {
    namespace: `team-${r % s.namespaces}`,
    promise: `service-${p}`,
    resource: `req-${r}`,
    pipeline,
    id,
    name: `service-${p}-req-${r}-${pipeline}-${id.slice(0, 5)}`,
    destination: `worker-${(i % (s.destinations / 2)) * 2 + 1}`,
  };
}

export function work(s: ReadScale, i: number): Work {
  const w = workParts(s, i);
  return {
    apiVersion: KRATIX,
    kind: 'Work',
    metadata: {
      name: w.name,
      namespace: w.namespace,
      uid: uid(`work-${i}`),
      generation: 1,
      resourceVersion: String(100_000 + i),
      creationTimestamp: '2025-01-01T00:02:00Z',
      labels: {
        'kratix.io/promise-name': w.promise,
        'kratix.io/resource-name': w.resource,
        'kratix.io/pipeline-name': w.pipeline,
        'kratix.io/work-type': 'resource',
      },
      finalizers: ['kratix.io/work-cleanup'],
      ownerReferences: [
        {
          apiVersion: 'bench.kratix.io/v1',
          kind: `Service${w.promise.slice(8)}`,
          name: w.resource,
          uid: uid(`request-${i % s.requests}`),
          controller: true,
        },
      ],
    },
    spec: {
      promiseName: w.promise,
      resourceName: w.resource,
      workloadGroups: [
        {
          id: w.id,
          directory: '.',
          destinationSelectors: [
            { matchLabels: { environment: 'dev' }, source: 'promise' },
          ],
          workloads: workloads(i),
        },
      ],
    },
    status: {
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: 'AllWorkplacementsScheduled',
          message: 'All WorkPlacements scheduled',
          lastTransitionTime: '2025-01-01T00:02:10Z',
        },
      ],
      workPlacements: 1,
      workPlacementsCreated: 1,
    },
  };
}

export function workPlacement(s: ReadScale, i: number): WorkPlacement {
  const w = workParts(s, i);
  return {
    apiVersion: KRATIX,
    kind: 'WorkPlacement',
    metadata: {
      name: `${w.name}.${w.destination}-${w.id.slice(0, 5)}`,
      namespace: w.namespace,
      uid: uid(`workplacement-${i}`),
      generation: 1,
      resourceVersion: String(300_000 + i),
      creationTimestamp: '2025-01-01T00:02:05Z',
      labels: {
        'kratix.io/promise-name': w.promise,
        'kratix.io/resource-name': w.resource,
        'kratix.io/pipeline-name': w.pipeline,
        'kratix.io/work': w.name,
        'kratix.io/workload-group-id': w.id,
        'kratix.io/targetDestinationName': w.destination,
      },
      finalizers: ['finalizers.workplacement.kratix.io/repo-cleanup'],
      ownerReferences: [
        {
          apiVersion: KRATIX,
          kind: 'Work',
          name: w.name,
          uid: uid(`work-${i}`),
          controller: true,
        },
      ],
    },
    spec: {
      targetDestinationName: w.destination,
      workloads: workloads(i),
      promiseName: w.promise,
      resourceName: w.resource,
      id: w.id,
    },
    status: {
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: 'WorkloadsWrittenToStateStore',
          message: 'Ready',
          lastTransitionTime: '2025-01-01T00:02:20Z',
        },
        {
          type: 'WriteSucceeded',
          status: 'True',
          reason: 'WorkloadsWrittenToStateStore',
          message: '',
          lastTransitionTime: '2025-01-01T00:02:20Z',
        },
      ],
      versionID: createHash('sha1').update(`wp-${i}`).digest('hex'),
    },
  };
}
