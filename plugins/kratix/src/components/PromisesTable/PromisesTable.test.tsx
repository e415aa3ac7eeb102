import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { KratixApi, kratixApiRef } from '../../api/KratixApi';
import { fakeKratixApi } from '../../__testUtils__/fakeKratixApi';
import { pending } from '../../__testUtils__/pending';
import { rootRouteRef } from '../../routes';
import { PromisesTable, PromisesTableProps } from './PromisesTable';

function renderTable(api: KratixApi, props: PromisesTableProps = {}) {
  return renderInTestApp(
    <TestApiProvider apis={[[kratixApiRef, api]]}>
      <PromisesTable {...props} />
    </TestApiProvider>,
    // Mounted away from /kratix: links follow the page's route, wherever the app puts it.
    { mountedRoutes: { '/platform/kratix': rootRouteRef } },
  );
}

const noPromises = { getPromises: async () => ({ items: [], errors: [] }) };

describe('PromisesTable', () => {
  it('lists Promises with availability, Kratix reasons, API, required Promises and request counts', async () => {
    await renderTable(fakeKratixApi());
    const redis = (await screen.findByText('redis')).closest('tr')!;
    expect(within(redis).getByText('Unavailable')).toBeInTheDocument();
    expect(
      within(redis).getByText('ConfigureWorkflowFailed'),
    ).toBeInTheDocument();
    expect(within(redis).getByText('v0.2.0')).toBeInTheDocument();
    expect(
      within(redis).getByText('redis (marketplace.kratix.io)'),
    ).toBeInTheDocument();
    expect(within(redis).getByText('cert-manager')).toBeInTheDocument();
    const jenkins = screen.getByText('jenkins').closest('tr')!;
    expect(within(jenkins).getByText('Available')).toBeInTheDocument();
    expect(within(jenkins).getByText('3')).toBeInTheDocument();
    expect(
      screen.getByText('no API (worker resources only)'),
    ).toBeInTheDocument();
  });

  it("links each Promise and each Promise it requires to that Promise's page", async () => {
    await renderTable(fakeKratixApi());
    expect(await screen.findByRole('link', { name: 'redis' })).toHaveAttribute(
      'href',
      '/platform/kratix/promises/easyeaty/redis',
    );
    expect(screen.getByRole('link', { name: 'cert-manager' })).toHaveAttribute(
      'href',
      '/platform/kratix/promises/easyeaty/cert-manager',
    );
  });

  it('shows three Promises in three rows, with no pager and no filler rows', async () => {
    await renderTable(fakeKratixApi());
    await screen.findByText('jenkins');
    const body = screen.getAllByRole('rowgroup')[1];
    expect(within(body).getAllByRole('row')).toHaveLength(3);
    expect(screen.queryByText(/rows/)).not.toBeInTheDocument();
  });

  it('narrows the rows with the table search', async () => {
    await renderTable(fakeKratixApi());
    await screen.findByText('jenkins');
    fireEvent.change(screen.getByPlaceholderText('Filter'), {
      target: { value: 'redis' },
    });
    // The search is debounced.
    await waitFor(() =>
      expect(screen.queryByText('jenkins')).not.toBeInTheDocument(),
    );
    expect(screen.getByText('redis')).toBeInTheDocument();
  });

  it('asks the backend for the chosen availability', async () => {
    const getPromises = jest.fn(fakeKratixApi().getPromises);
    await renderTable(fakeKratixApi({ getPromises }));
    await screen.findByText('jenkins');
    // The column header is a button named Availability too; the filter is the one with a listbox.
    const filter = screen
      .getAllByRole('button', { name: 'Availability' })
      .find(b => b.getAttribute('aria-haspopup') === 'listbox');
    fireEvent.mouseDown(filter!);
    fireEvent.click(
      within(screen.getByRole('listbox')).getByText('Unavailable'),
    );
    await screen.findByText('redis');
    expect(getPromises).toHaveBeenLastCalledWith({
      platform: undefined,
      availability: 'Unavailable',
    });
  });

  it('shows a spinner, not the empty state, while loading', async () => {
    await renderTable(fakeKratixApi({ getPromises: pending }));
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
    expect(screen.queryByText(/No Promises/)).not.toBeInTheDocument();
  });

  it('says what to do when there are no Promises', async () => {
    await renderTable(fakeKratixApi(noPromises));
    expect(
      await screen.findByText('No Promises on any platform yet'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /Install one from the marketplace, or apply a Promise to the platform cluster/,
      ),
    ).toBeInTheDocument();
  });

  it('names the platform when listing one platform with no Promises', async () => {
    const getPromises = jest.fn(noPromises.getPromises);
    await renderTable(fakeKratixApi({ getPromises }), { platform: 'easyeaty' });
    expect(
      await screen.findByText('No Promises on platform easyeaty yet'),
    ).toBeInTheDocument();
    expect(getPromises).toHaveBeenCalledWith({
      platform: 'easyeaty',
      availability: undefined,
    });
  });

  it('names a platform that could not be listed and still lists the others', async () => {
    const api = fakeKratixApi();
    const { items } = await api.getPromises();
    await renderTable(
      fakeKratixApi({
        getPromises: async () => ({
          items,
          errors: [
            {
              platform: 'eks-platform',
              message:
                'Platform eks-platform unreachable: connect ECONNREFUSED',
            },
          ],
        }),
      }),
    );
    expect(
      await screen.findByText(/Platform eks-platform is not listed/),
    ).toBeInTheDocument();
    expect(screen.getByText('jenkins')).toBeInTheDocument();
  });

  it('says what to check when the backend fails', async () => {
    await renderTable(
      fakeKratixApi({
        getPromises: () => Promise.reject(new Error('Request failed with 503')),
      }),
    );
    expect(
      await screen.findByText(
        /Could not list Promises\. Check that the Kratix backend plugin/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/allows kratix\.platform\.read/),
    ).toBeInTheDocument();
  });
});
