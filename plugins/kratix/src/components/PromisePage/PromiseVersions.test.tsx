import { fireEvent, screen, within } from '@testing-library/react';
import {
  boundRequestViews,
  diffPromiseRevisions,
  PromiseRevision,
  PromiseRevisionsResponse,
  ResourceBinding,
} from '@kratix-backstage/plugin-kratix-common';
import { KratixApi } from '../../api/KratixApi';
import { fakeKratixApi } from '../../__testUtils__/fakeKratixApi';
import {
  renderPromisePage,
  requestsPage,
} from '../../__testUtils__/renderPromisePage';

// The page renders several tables: generous on a loaded 2-core CI machine.
jest.setTimeout(30_000);
const slow = { timeout: 15_000 };

// A PromiseRevision and ResourceBindings as Kratix HEAD writes them
// (api/v1alpha1/promiserevision_types.go, resourcebinding_types.go), answered by the
// backend's own functions so the page shows what the route would.
const revision = (version: string, properties: Record<string, any>) =>
  ({
    apiVersion: 'platform.kratix.io/v1alpha1',
    kind: 'PromiseRevision',
    metadata: { name: `redis-${version}` },
    spec: {
      promiseRef: { name: 'redis' },
      version,
      promiseSpec: {
        api: {
          spec: {
            group: 'marketplace.kratix.io',
            names: { kind: 'redis', plural: 'redis' },
            versions: [
              {
                name: 'v1alpha1',
                served: true,
                storage: true,
                schema: {
                  openAPIV3Schema: {
                    type: 'object',
                    properties: { spec: { type: 'object', properties } },
                  },
                },
              },
            ],
          },
        },
      },
    },
  } as PromiseRevision);
const binding = (name: string, version: string, applied: string) =>
  ({
    apiVersion: 'platform.kratix.io/v1alpha1',
    kind: 'ResourceBinding',
    metadata: {
      name: `${name}-redis-abcde`,
      namespace: 'team-a',
      labels: {
        'kratix.io/promise-name': 'redis',
        'kratix.io/resource-name': name,
      },
    },
    spec: {
      version,
      promiseRef: { name: 'redis' },
      resourceRef: { name, namespace: 'team-a' },
    },
    status: { lastAppliedVersion: applied },
  } as ResourceBinding);

const v1 = revision('v0.1.0', { size: { type: 'string' } });
const v2 = revision('v0.2.0', {
  size: { type: 'string' },
  replicas: { type: 'integer' },
});
const requests = boundRequestViews(
  'redis',
  [
    binding('sessions', 'v0.1.0', 'v0.1.0'),
    binding('cache', 'latest', 'v0.2.0'),
  ],
  'v0.2.0',
);
const answer: PromiseRevisionsResponse = {
  platform: 'prod',
  promise: 'redis',
  available: true,
  latestVersion: 'v0.2.0',
  revisions: [
    {
      name: 'redis-v0.2.0',
      version: 'v0.2.0',
      latest: true,
      createdAt: '2026-09-01T09:00:00Z',
      requests: requests.filter(r => r.revision === 'v0.2.0'),
    },
    {
      name: 'redis-v0.1.0',
      version: 'v0.1.0',
      latest: false,
      createdAt: '2026-07-01T09:00:00Z',
      requests: requests.filter(r => r.revision === 'v0.1.0'),
    },
  ],
  requests,
  requestsOnOlderRevisions: 1,
};

const redis: any = {
  platform: 'prod',
  name: 'redis',
  version: 'v0.2.0',
  availability: 'Available',
  kind: 'redis',
  hasApi: true,
  categories: [],
  requiredPromises: [],
  requestCount: 2,
  status: {
    availability: 'Available',
    conditions: [],
    requirements: [],
    requiredBy: [],
    workflow: { pipelines: [], source: 'none' },
    catchUp: { updating: false, neverObserved: false },
  },
  dependencies: [],
  destinationSelectors: [],
  pipelines: [],
  requiredBy: [],
  eligibleDestinations: [],
  workerResources: [],
  promise: {},
};

/** The Kratix API of the redis page, with no requests listed, answering `overrides` too. */
const redisApi = (overrides: Partial<KratixApi>) =>
  fakeKratixApi({
    getPromise: async () => redis,
    getRequests: requestsPage(),
    ...overrides,
  });

describe('PromisePage Versions tab', () => {
  it('counts requests on older revisions, lists revisions with their requests, and diffs two', async () => {
    const asked: Array<{ from: string; to: string } | undefined> = [];
    const api = redisApi({
      getPromiseRevisions: async (_p, _n, diff) => {
        asked.push(diff);
        if (!diff) return answer;
        const byVersion = { 'v0.1.0': v1, 'v0.2.0': v2 } as const;
        return {
          ...answer,
          diff: diffPromiseRevisions(
            byVersion[diff.from as keyof typeof byVersion],
            byVersion[diff.to as keyof typeof byVersion],
          ),
        };
      },
    });
    await renderPromisePage(api, 'prod', 'redis');
    // The header counts the one request (sessions, pinned to v0.1.0) on an older revision.
    fireEvent.click(
      await screen.findByText('1 request(s) on an older revision', {}, slow),
    );
    expect(
      await screen.findByText(
        '1 request(s) run a revision older than the latest.',
      ),
    ).toBeInTheDocument();
    const older = screen.getByRole('region', { name: 'Revision v0.1.0' });
    expect(within(older).getByText('team-a/sessions')).toBeInTheDocument();
    expect(within(older).getByText('pinned')).toBeInTheDocument();
    const latest = screen.getByRole('region', { name: 'Revision v0.2.0' });
    expect(within(latest).getByText('team-a/cache')).toBeInTheDocument();
    expect(within(latest).getByText('floating (latest)')).toBeInTheDocument();
    // The diff defaults to the previous revision against the latest: replicas was added.
    expect(
      await screen.findByText('spec.replicas', {}, slow),
    ).toBeInTheDocument();
    expect(asked).toContainEqual({ from: 'v0.1.0', to: 'v0.2.0' });
    // Picking the same revision on both sides shows no change.
    fireEvent.change(screen.getByLabelText('From'), {
      target: { value: 'v0.2.0' },
    });
    expect(
      (await screen.findAllByText('No change.', {}, slow)).length,
    ).toBeGreaterThan(0);
    expect(screen.queryByText('spec.replicas')).not.toBeInTheDocument();
  });

  it('says why a gitops platform shows no revisions', async () => {
    const api = redisApi({
      getPromiseRevisions: async () => ({
        platform: 'prod',
        promise: 'redis',
        available: false,
        reason: 'this platform reads a git repository only',
      }),
    });
    await renderPromisePage(api, 'prod', 'redis');
    fireEvent.click(await screen.findByRole('tab', { name: 'Versions' }, slow));
    expect(
      await screen.findByText('this platform reads a git repository only'),
    ).toBeInTheDocument();
  });

  it('lists revisions read from git history and says why their requests are unknown', async () => {
    const api = redisApi({
      getPromiseRevisions: async () => ({
        platform: 'prod',
        promise: 'redis',
        available: true,
        latestVersion: 'v0.2.0',
        revisions: answer.revisions!.map(r => ({ ...r, requests: [] })),
        requestsUnavailable: 'ResourceBindings live on the platform cluster',
      }),
    });
    await renderPromisePage(api, 'prod', 'redis');
    fireEvent.click(await screen.findByRole('tab', { name: 'Versions' }, slow));
    expect(
      await screen.findByText('ResourceBindings live on the platform cluster'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('region', { name: 'Revision v0.1.0' }),
    ).toBeInTheDocument();
    expect(screen.queryByText('No request runs it.')).not.toBeInTheDocument();
  });

  it('moves chosen requests to a revision and reads the revisions again', async () => {
    const moves: unknown[] = [];
    let reads = 0;
    const api = redisApi({
      getPromiseRevisions: async (_p, _n, diff) => {
        if (!diff) reads++;
        return answer;
      },
      moveRequestsToRevision: async (ref, version, picked) => {
        moves.push({ ref, version, picked });
        return {
          version,
          moved: 1,
          failed: 0,
          results: [{ ...picked[0], moved: true, message: 'moved' }],
        };
      },
    });
    await renderPromisePage(api, 'prod', 'redis');
    fireEvent.click(await screen.findByRole('tab', { name: 'Versions' }, slow));
    fireEvent.click(
      await screen.findByLabelText('team-a/sessions (bound to v0.1.0)'),
    );
    fireEvent.change(screen.getByLabelText('Move to'), {
      target: { value: 'v0.2.0' },
    });
    fireEvent.click(
      screen.getByRole('button', { name: 'Move 1 request(s) to v0.2.0' }),
    );
    expect(
      await screen.findByText(/Moved 1 request\(s\) to v0.2.0/, {}, slow),
    ).toBeInTheDocument();
    expect(moves).toEqual([
      {
        ref: { platform: 'prod', promise: 'redis' },
        version: 'v0.2.0',
        picked: [{ namespace: 'team-a', name: 'sessions' }],
      },
    ]);
    expect(reads).toBeGreaterThan(1);
  });
});
