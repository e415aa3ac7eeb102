import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { kratixApiRef } from '../../api/KratixApi';
import { fakeKratixApi } from '../../__testUtils__/fakeKratixApi';
import { PlatformHealth } from './PlatformHealth';

describe('PlatformHealth', () => {
  it('names an unreachable platform with its last error', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[kratixApiRef, fakeKratixApi()]]}>
        <PlatformHealth />
      </TestApiProvider>,
    );
    expect(await screen.findByText('EasyEaty (gitops)')).toBeInTheDocument();
    expect(screen.getByText('platform eks-platform unreachable: last error connect ECONNREFUSED')).toBeInTheDocument();
  });
});
