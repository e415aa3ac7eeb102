import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { kratixApiRef } from '../../api/KratixApi';
import { fakeKratixApi } from '../../__testUtils__/fakeKratixApi';
import { ClustersTable } from './ClustersTable';

describe('ClustersTable', () => {
  it('shows labels, state store, readiness with reason and the platform-as-worker mark', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[kratixApiRef, fakeKratixApi()]]}>
        <ClustersTable />
      </TestApiProvider>,
    );
    expect(await screen.findByText('platform as worker')).toBeInTheDocument();
    expect(screen.getByText('environment=prod')).toBeInTheDocument();
    expect(screen.getByText('BucketStateStore/minio')).toBeInTheDocument();
    expect(screen.getByText('Not ready (StateStoreWriteFailed)')).toBeInTheDocument();
  });

  it('says what to do when no cluster is registered', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[kratixApiRef, fakeKratixApi({ getDestinations: async () => ({ items: [], errors: [] }) })]]}>
        <ClustersTable />
      </TestApiProvider>,
    );
    expect(await screen.findByText('No clusters registered')).toBeInTheDocument();
  });
});
