import { KratixApi } from '../api/KratixApi';

/** A KratixApi answering from fixed data, for component tests. */
export function fakeKratixApi(overrides: Partial<KratixApi> = {}): KratixApi {
  const fail = () => Promise.reject(new Error('not used in this test'));
  return {
    getPlatforms: async () => [
      { name: 'easyeaty', title: 'EasyEaty', mode: 'gitops', health: { connected: true, lastSync: '2026-11-26T10:00:00Z' } },
      { name: 'eks-platform', title: 'EKS platform', mode: 'kubernetes', health: { connected: false, lastError: 'connect ECONNREFUSED' } },
    ],
    getPromises: async () => ({
      items: [
        {
          platform: 'easyeaty',
          name: 'jenkins',
          version: 'v1.2.0',
          availability: 'Available',
          kind: 'jenkins',
          group: 'marketplace.kratix.io',
          hasApi: true,
          categories: [],
          requiredPromises: [],
          requestCount: 3,
        },
        {
          platform: 'easyeaty',
          name: 'redis',
          version: 'v0.2.0',
          availability: 'Unavailable',
          reason: 'ConfigureWorkflowFailed',
          message: 'A Configure Pipeline has failed: promise-configure',
          kind: 'redis',
          group: 'marketplace.kratix.io',
          hasApi: true,
          categories: [],
          requiredPromises: ['cert-manager'],
          requestCount: 0,
        },
        {
          platform: 'easyeaty',
          name: 'nginx',
          availability: 'Available',
          hasApi: false,
          categories: [],
          requiredPromises: [],
          requestCount: 0,
        },
      ],
      errors: [],
    }),
    getPromise: fail,
    getDestinations: async () => ({
      items: [
        {
          platform: 'easyeaty',
          name: 'platform',
          kind: 'Destination',
          labels: { environment: 'platform' },
          path: 'platform',
          stateStore: { kind: 'GitStateStore', name: 'default' },
          strictMatchLabels: true,
          filepathMode: 'nestedByMetadata',
          ready: { ready: true, state: 'Ready', reason: 'TestDocumentsWritten' },
          platformAsWorker: true,
          workerResourceCount: 0,
          workloadCount: 1,
        },
        {
          platform: 'easyeaty',
          name: 'on-prem-edge',
          kind: 'Destination',
          labels: { environment: 'prod' },
          path: 'edge',
          stateStore: { kind: 'BucketStateStore', name: 'minio' },
          strictMatchLabels: false,
          filepathMode: 'aggregatedYAML',
          ready: { ready: false, state: 'NotReady', reason: 'StateStoreWriteFailed', message: 'bucket unreachable' },
          platformAsWorker: false,
          workerResourceCount: 1,
          workloadCount: 0,
        },
      ],
      errors: [],
    }),
    getDestination: fail,
    getRequests: fail,
    getRequest: fail,
    manageRequest: fail,
    ...overrides,
  };
}
