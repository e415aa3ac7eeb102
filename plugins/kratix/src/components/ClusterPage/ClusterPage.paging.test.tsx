import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { Placement } from '@kratix-backstage/plugin-kratix-common';
import { kratixApiRef } from '../../api/KratixApi';
import { fakeKratixApi } from '../../__testUtils__/fakeKratixApi';
import { catalogRoutes } from '../../__testUtils__/catalogRoutes';
import { rootRouteRef } from '../../routes';
import { ClusterView } from './ClusterPage';

// A table of 45 rows: generous on a loaded 2-core CI machine.
jest.setTimeout(30_000);
const slow = { timeout: 15_000 };

/** A request's workload on eks, as the state store holds it (nestedByMetadata). */
const workload = (promise: string, name: string): Placement => {
  const location = `state/eks/resources/team-checkout/${promise}/${name}/instance-configure/5058f`;
  return {
    destination: 'eks',
    type: 'resource',
    promise,
    namespace: 'team-checkout',
    resource: name,
    pipeline: 'instance-configure',
    location,
    files: [`${location}/${promise}-${name}.yaml`],
    state: 'Written',
    source: 'state-store',
  };
};

/** 45 workloads: redis ci-1 … ci-44, and one jenkins request, shop. */
const workloads = [
  ...Array.from({ length: 44 }, (_, i) => workload('redis', `ci-${i + 1}`)),
  workload('jenkins', 'shop'),
];

const eks: any = {
  platform: 'easyeaty',
  name: 'eks',
  kind: 'Destination',
  labels: {},
  path: 'eks',
  strictMatchLabels: false,
  filepathMode: 'nestedByMetadata',
  ready: { ready: true, state: 'Ready' },
  platformAsWorker: false,
  workerResourceCount: 0,
  workloadCount: workloads.length,
  workerResources: [],
  workloads,
  fileUrls: {},
  filesReadable: false,
};

/** The pager's label of the page shown (the table renders it in each of its layouts). */
const pageLabel = (table: HTMLElement) =>
  within(table).getAllByText(/^\d+-\d+ of \d+$/)[0].textContent;

/** The requests in the table, in order. */
const requestNames = (table: HTMLElement) =>
  within(table)
    .getAllByRole('link', { name: /^team-checkout\// })
    .map(a => a.textContent);

describe("ClusterPage's workloads", () => {
  it('pages 45 workloads 20 at a time, and searches all of them', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [kratixApiRef, fakeKratixApi({ getDestination: async () => eks })],
        ]}
      >
        <ClusterView platform="easyeaty" name="eks" />
      </TestApiProvider>,
      { mountedRoutes: { '/kratix': rootRouteRef, ...catalogRoutes } },
    );
    const table = (await screen.findByText('Workloads (45)', {}, slow)).closest(
      '.MuiPaper-root',
    ) as HTMLElement;
    expect(pageLabel(table)).toBe('1-20 of 45');
    expect(requestNames(table)).toHaveLength(20);
    expect(requestNames(table)[0]).toBe('team-checkout/ci-1');

    const next = () =>
      fireEvent.click(
        within(table).getAllByRole('button', { name: 'Next Page' })[0],
      );
    next();
    await waitFor(() => expect(pageLabel(table)).toBe('21-40 of 45'));
    expect(requestNames(table)[0]).toBe('team-checkout/ci-21');
    next();
    await waitFor(() => expect(pageLabel(table)).toBe('41-45 of 45'));
    expect(requestNames(table)).toEqual([
      'team-checkout/ci-41',
      'team-checkout/ci-42',
      'team-checkout/ci-43',
      'team-checkout/ci-44',
      'team-checkout/shop',
    ]);

    // The search finds across every page: by Promise, by request, by file path.
    const search = (text: string) =>
      fireEvent.change(within(table).getByPlaceholderText('Filter'), {
        target: { value: text },
      });
    search('jenkins');
    await waitFor(() =>
      expect(requestNames(table)).toEqual(['team-checkout/shop']),
    );
    search('team-checkout/ci-4');
    await waitFor(() =>
      expect(requestNames(table)).toEqual([
        'team-checkout/ci-4',
        'team-checkout/ci-40',
        'team-checkout/ci-41',
        'team-checkout/ci-42',
        'team-checkout/ci-43',
        'team-checkout/ci-44',
      ]),
    );
    search('redis-ci-17.yaml');
    await waitFor(() =>
      expect(requestNames(table)).toEqual(['team-checkout/ci-17']),
    );
  });
});
