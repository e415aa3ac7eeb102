import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { fireEvent, screen } from '@testing-library/react';
import { kratixApiRef } from '../../api/KratixApi';
import { fakeKratixApi } from '../../__testUtils__/fakeKratixApi';
import { KratixPage } from './KratixPage';

describe('KratixPage', () => {
  it('shows platform health in the header and Promises and clusters in tabs', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[kratixApiRef, fakeKratixApi()]]}>
        <KratixPage />
      </TestApiProvider>,
    );
    const header = screen.getByRole('banner');
    expect(await screen.findByText('EasyEaty (gitops)')).toBeInTheDocument();
    expect(header).toHaveTextContent(
      'platform eks-platform unreachable: last error connect ECONNREFUSED',
    );

    expect(await screen.findByText('jenkins')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('tab', { name: 'Clusters' }));
    expect(await screen.findByText('on-prem-edge')).toBeInTheDocument();
    expect(screen.queryByText('jenkins')).not.toBeInTheDocument();
  });

  it('says no platform is configured, with the configuration to add, instead of empty tables', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[[kratixApiRef, fakeKratixApi({ getPlatforms: async () => [] })]]}
      >
        <KratixPage />
      </TestApiProvider>,
    );
    expect(
      await screen.findByText('No Kratix platform configured'),
    ).toBeInTheDocument();
    expect(document.body.textContent).toContain('embedded: {}');
    expect(
      screen.queryByRole('tab', { name: 'Clusters' }),
    ).not.toBeInTheDocument();
  });
});
