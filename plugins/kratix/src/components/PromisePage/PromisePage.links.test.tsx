import { screen, within } from '@testing-library/react';
import { fakeKratixApi } from '../../__testUtils__/fakeKratixApi';
import { renderPromisePage } from '../../__testUtils__/renderPromisePage';

// The page renders a graph and several tables: generous on a loaded 2-core CI machine.
jest.setTimeout(30_000);
const slow = { timeout: 15_000 };

/**
 * lab's redis as the link walk found it: Kratix's status still names cert-manager "not
 * installed at the specified version" (written while it existed) though the platform has no
 * such Promise, and its worker resources name worker-1, which is no Destination of it.
 */
const redis: any = {
  platform: 'lab',
  name: 'redis',
  version: 'v0.2.0',
  availability: 'Unavailable',
  hasApi: false,
  categories: [],
  requiredPromises: ['cert-manager', 'jenkins'],
  requestCount: 0,
  status: {
    availability: 'Unavailable',
    conditions: [],
    requirements: [
      {
        name: 'cert-manager',
        version: 'v1.0.0',
        state: 'Requirement not installed at the specified version',
        installed: false,
      },
      {
        name: 'jenkins',
        version: 'v1.2.0',
        state: 'Requirement installed',
        installed: true,
      },
    ],
    requiredBy: [],
    workflow: { pipelines: [], source: 'none' },
    catchUp: { updating: false, neverObserved: false },
  },
  dependencies: [],
  destinationSelectors: [],
  pipelines: [],
  requiredBy: [],
  eligibleDestinations: [
    {
      destination: 'platform-cluster',
      matches: true,
      reasons: ['no selector'],
    },
  ],
  workerResources: [
    { destination: 'platform-cluster', type: 'promise', path: 'a.yaml' },
    { destination: 'worker-1', type: 'promise', path: 'b.yaml' },
  ],
  promise: {},
};

const lab = (name: string): any => ({
  platform: 'lab',
  name,
  availability: 'Available',
  hasApi: true,
  categories: [],
  requiredPromises: [],
  requestCount: 0,
});

describe('PromisePage links', () => {
  it('links only the Promises and Destinations the platform has', async () => {
    const getPromises = jest.fn(async () => ({
      items: [lab('redis'), lab('jenkins')],
      errors: [],
    }));
    const api = fakeKratixApi({ getPromise: async () => redis, getPromises });
    await renderPromisePage(api, 'lab', 'redis');
    const graph = await screen.findByTestId('required-promise-graph', {}, slow);
    expect(getPromises).toHaveBeenCalledWith({ platform: 'lab' });

    // The list: jenkins links to its page, cert-manager is text marked not installed.
    const list = within(graph).getByRole('list');
    expect(within(list).getByRole('link', { name: 'jenkins' })).toHaveAttribute(
      'href',
      '/kratix/promises/lab/jenkins',
    );
    expect(
      within(list).queryByRole('link', { name: /cert-manager/ }),
    ).not.toBeInTheDocument();
    expect(
      within(list).getByText('cert-manager', { exact: false }),
    ).toHaveTextContent('cert-manager (not installed)');

    // The graph's nodes: the same (the page's own Promise is never a link).
    const nodes = [...graph.querySelectorAll('svg a')].map(a =>
      a.getAttribute('href'),
    );
    expect(nodes).toEqual(['/kratix/promises/lab/jenkins']);
    const names = [...graph.querySelectorAll('svg text')].map(
      t => t.textContent,
    );
    expect(names).toContain('cert-manager');

    // Worker resources: the Destination links, the unknown name is text.
    const written = screen.getByText(/Worker resources written to/);
    expect(
      within(written).getByRole('link', { name: 'platform-cluster' }),
    ).toHaveAttribute('href', '/kratix/clusters/lab/platform-cluster');
    expect(
      within(written).queryByRole('link', { name: 'worker-1' }),
    ).not.toBeInTheDocument();
    expect(written).toHaveTextContent(
      'Worker resources written to platform-cluster, worker-1',
    );
  });

  it('links every required Promise when the platform cannot list its Promises', async () => {
    const api = fakeKratixApi({
      getPromise: async () => redis,
      getPromises: async () => ({
        items: [],
        errors: [{ platform: 'lab', message: 'connect ECONNREFUSED' }],
      }),
    });
    await renderPromisePage(api, 'lab', 'redis');
    const graph = await screen.findByTestId('required-promise-graph', {}, slow);
    const list = within(graph).getByRole('list');
    expect(
      within(list).getByRole('link', { name: 'cert-manager' }),
    ).toHaveAttribute('href', '/kratix/promises/lab/cert-manager');
  });
});
