import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { KratixApi, kratixApiRef } from '../../api/KratixApi';
import { fakeKratixApi } from '../../__testUtils__/fakeKratixApi';
import { pending } from '../../__testUtils__/pending';
import { PlatformHealth } from './PlatformHealth';

function renderHealth(api: KratixApi) {
  return renderInTestApp(
    <TestApiProvider apis={[[kratixApiRef, api]]}>
      <PlatformHealth />
    </TestApiProvider>,
  );
}

describe('PlatformHealth', () => {
  it('shows a connected platform by title and mode, and names an unreachable one with its last error', async () => {
    await renderHealth(fakeKratixApi());
    expect(await screen.findByText('EasyEaty (gitops)')).toBeInTheDocument();
    expect(
      screen.getByText(
        'platform eks-platform unreachable: last error connect ECONNREFUSED',
      ),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('platform easyeaty')).toHaveTextContent(
      /last read/,
    );
  });

  it('says it is checking while the backend answers', async () => {
    await renderHealth(fakeKratixApi({ getPlatforms: pending }));
    expect(screen.getByText('Checking platforms…')).toBeInTheDocument();
  });

  it('says the backend is unreachable when the platforms cannot be read', async () => {
    await renderHealth(
      fakeKratixApi({
        getPlatforms: () => Promise.reject(new Error('Failed to fetch')),
      }),
    );
    expect(
      await screen.findByText('Kratix backend unreachable: Failed to fetch'),
    ).toBeInTheDocument();
  });
});
