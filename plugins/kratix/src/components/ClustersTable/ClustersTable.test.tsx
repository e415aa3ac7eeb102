import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { KratixApi, kratixApiRef } from '../../api/KratixApi';
import { fakeKratixApi } from '../../__testUtils__/fakeKratixApi';
import { pending } from '../../__testUtils__/pending';
import { ClustersTable, ClustersTableProps } from './ClustersTable';

function renderTable(api: KratixApi, props: ClustersTableProps = {}) {
  return renderInTestApp(
    <TestApiProvider apis={[[kratixApiRef, api]]}>
      <ClustersTable {...props} />
    </TestApiProvider>,
  );
}

const noClusters = { getDestinations: async () => ({ items: [], errors: [] }) };

describe('ClustersTable', () => {
  it('shows labels, state store, filepath mode, strict matching and readiness with its reason', async () => {
    await renderTable(fakeKratixApi());
    const edge = (await screen.findByText('on-prem-edge')).closest('tr')!;
    expect(within(edge).getByText('easyeaty')).toBeInTheDocument();
    expect(within(edge).getByText('environment=prod')).toBeInTheDocument();
    expect(
      within(edge).getByText('BucketStateStore/minio'),
    ).toBeInTheDocument();
    expect(within(edge).getByText('aggregatedYAML')).toBeInTheDocument();
    expect(within(edge).getByText('no')).toBeInTheDocument();
    expect(
      within(edge).getByText('Not ready (StateStoreWriteFailed)'),
    ).toBeInTheDocument();
    const platform = screen.getByText('platform as worker').closest('tr')!;
    expect(
      within(platform).getByText('GitStateStore/default'),
    ).toBeInTheDocument();
    expect(within(platform).getByText('yes')).toBeInTheDocument();
    expect(within(platform).getByText('Ready')).toBeInTheDocument();
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
