import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { kratixApiRef } from '../../api/KratixApi';
import { fakeKratixApi } from '../../__testUtils__/fakeKratixApi';
import { PromisesTable } from './PromisesTable';

describe('PromisesTable', () => {
  it('lists Promises with availability, Kratix reasons, API and request counts', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[kratixApiRef, fakeKratixApi()]]}>
        <PromisesTable />
      </TestApiProvider>,
    );
    expect(await screen.findByText('jenkins')).toBeInTheDocument();
    expect(screen.getByText('Unavailable (ConfigureWorkflowFailed)')).toBeInTheDocument();
    expect(screen.getByText('jenkins (marketplace.kratix.io)')).toBeInTheDocument();
    expect(screen.getByText('no API (worker resources only)')).toBeInTheDocument();
    expect(screen.getByText('cert-manager')).toBeInTheDocument();
  });

  it('says what to do when there are no Promises', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[kratixApiRef, fakeKratixApi({ getPromises: async () => ({ items: [], errors: [] }) })]]}>
        <PromisesTable />
      </TestApiProvider>,
    );
    expect(await screen.findByText('No Promises on any platform yet')).toBeInTheDocument();
    expect(screen.getByText(/Install one from the marketplace/)).toBeInTheDocument();
  });

  it('names a platform that could not be listed, and shows errors', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [
            kratixApiRef,
            fakeKratixApi({
              getPromises: async () => ({ items: [], errors: [{ platform: 'eks-platform', message: 'Platform eks-platform unreachable: ECONNREFUSED' }] }),
            }),
          ],
        ]}
      >
        <PromisesTable />
      </TestApiProvider>,
    );
    expect(await screen.findByText(/Platform eks-platform is not listed/)).toBeInTheDocument();
  });

  it('explains a failed call', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[kratixApiRef, fakeKratixApi({ getPromises: () => Promise.reject(new Error('HTTP 503')) })]]}>
        <PromisesTable />
      </TestApiProvider>,
    );
    expect(await screen.findByText(/Could not list Promises/)).toBeInTheDocument();
  });
});
