import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { KratixApi, kratixApiRef } from '../../api/KratixApi';
import { fakeKratixApi } from '../../__testUtils__/fakeKratixApi';
import { pending } from '../../__testUtils__/pending';
import { rootRouteRef } from '../../routes';
import { ClustersTable, ClustersTableProps } from './ClustersTable';

function renderTable(api: KratixApi, props: ClustersTableProps = {}) {
  return renderInTestApp(
    <TestApiProvider apis={[[kratixApiRef, api]]}>
      <ClustersTable {...props} />
    </TestApiProvider>,
    // Mounted away from /kratix: links follow the page's route, wherever the app puts it.
    { mountedRoutes: { '/platform/kratix': rootRouteRef } },
  );
}

const noClusters = { getDestinations: async () => ({ items: [], errors: [] }) };

describe('ClustersTable', () => {
  it('shows labels, state store, filepath mode, strict matching and readiness with its reason', async () => {
    await renderTable(fakeKratixApi());
    const edge = (await screen.findByText('on-prem-edge')).closest('tr')!;
    expect(within(edge).getByText('environment=prod')).toBeInTheDocument();
    expect(within(edge).getByText('minio')).toBeInTheDocument();
    expect(
      within(edge).getByText('BucketStateStore · aggregatedYAML'),
    ).toBeInTheDocument();
    expect(within(edge).queryByText('strict')).not.toBeInTheDocument();
    expect(
      within(edge).getByText('Not ready (StateStoreWriteFailed)'),
    ).toBeInTheDocument();
    expect(
      within(edge).getByText('1 worker resource, 0 workloads'),
    ).toBeInTheDocument();
    const platform = screen.getByText('platform as worker').closest('tr')!;
    expect(within(platform).getByText('default')).toBeInTheDocument();
    expect(
      within(platform).getByText('GitStateStore · nestedByMetadata'),
    ).toBeInTheDocument();
    expect(within(platform).getByText('strict')).toBeInTheDocument();
    expect(within(platform).getByText('Ready')).toBeInTheDocument();
  });

  it('fits in five columns, links each cluster to its page and leaves no blank rows', async () => {
    await renderTable(fakeKratixApi());
    const link = await screen.findByRole('link', { name: 'on-prem-edge' });
    expect(link).toHaveAttribute(
      'href',
      '/platform/kratix/clusters/easyeaty/on-prem-edge',
    );
    expect(screen.getAllByRole('columnheader').map(h => h.textContent)).toEqual(
      ['Cluster', 'Labels', 'State store', 'Ready', 'Scheduled here'],
    );
    // Only the cluster's own cell is bold, and every cell wraps between words.
    const row = link.closest('tr')!;
    const [name, labels] = within(row).getAllByRole('cell');
    expect(labels.style.fontWeight).not.toBe(name.style.fontWeight);
    expect(labels.style.wordBreak).toBe('normal');
    // Two clusters, two rows: no pager and no filler rows under them.
    const body = screen.getAllByRole('rowgroup')[1];
    expect(within(body).getAllByRole('row')).toHaveLength(2);
    expect(screen.queryByText(/rows/)).not.toBeInTheDocument();
  });

  it('names the platform of each cluster only when clusters of several platforms are listed', async () => {
    const { items } = await fakeKratixApi().getDestinations();
    await renderTable(
      fakeKratixApi({
        getDestinations: async () => ({
          items: [items[0], { ...items[1], platform: 'eks-platform' }],
          errors: [],
        }),
      }),
    );
    const edge = (await screen.findByText('on-prem-edge')).closest('tr')!;
    expect(within(edge).getByText('eks-platform')).toBeInTheDocument();
    expect(
      screen.getByRole('columnheader', { name: 'Platform' }),
    ).toBeInTheDocument();
  });

  it('shows a spinner, not the empty state, while loading', async () => {
    await renderTable(fakeKratixApi({ getDestinations: pending }));
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
    expect(screen.queryByText(/No clusters/)).not.toBeInTheDocument();
  });

  it('says what to do when no cluster is registered', async () => {
    await renderTable(fakeKratixApi(noClusters));
    expect(
      await screen.findByText('No clusters registered'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Register a Destination on the platform cluster/),
    ).toBeInTheDocument();
  });

  it('names the platform when listing one platform with no clusters', async () => {
    const getDestinations = jest.fn(noClusters.getDestinations);
    await renderTable(fakeKratixApi({ getDestinations }), {
      platform: 'easyeaty',
    });
    expect(
      await screen.findByText('No clusters registered on platform easyeaty'),
    ).toBeInTheDocument();
    expect(getDestinations).toHaveBeenCalledWith({ platform: 'easyeaty' });
  });

  it('names a platform that could not be listed', async () => {
    await renderTable(
      fakeKratixApi({
        getDestinations: async () => ({
          items: [],
          errors: [
            {
              platform: 'eks-platform',
              message: 'Platform eks-platform unreachable',
            },
          ],
        }),
      }),
    );
    expect(
      await screen.findByText(/Platform eks-platform is not listed/),
    ).toBeInTheDocument();
  });

  it('says what to check when the backend fails', async () => {
    await renderTable(
      fakeKratixApi({
        getDestinations: () =>
          Promise.reject(new Error('Request failed with 403')),
      }),
    );
    expect(
      await screen.findByText(
        /Could not list clusters\. Check that the Kratix backend plugin/,
      ),
    ).toBeInTheDocument();
  });
});
