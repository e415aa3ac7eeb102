import { Link } from '@backstage/core-components';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { fireEvent, screen, within } from '@testing-library/react';
import { Route, Routes, useParams } from 'react-router-dom';
import { kratixApiRef } from '../../api/KratixApi';
import { fakeKratixApi } from '../../__testUtils__/fakeKratixApi';
import { rootRouteRef } from '../../routes';
import { KratixSubPage } from './KratixSubPage';
import { useSubPageTitle } from './subPageTitle';

/** A view that knows a title for `alpha` only, and links to `beta`. */
function View({ name }: { name: string }) {
  useSubPageTitle(name === 'alpha' ? 'Alpha Promise' : undefined);
  return <Link to="/kratix/promises/easyeaty/beta">to beta</Link>;
}

function Sub() {
  const { name = '' } = useParams();
  return (
    <KratixSubPage list="promises" platform="easyeaty" name={name}>
      <View name={name} />
    </KratixSubPage>
  );
}

describe('KratixSubPage', () => {
  it("shows the view's title for its own object only: another one shows its URL name", async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[kratixApiRef, fakeKratixApi()]]}>
        <Routes>
          <Route path="/kratix/promises/:platform/:name" element={<Sub />} />
        </Routes>
      </TestApiProvider>,
      {
        routeEntries: ['/kratix/promises/easyeaty/alpha'],
        mountedRoutes: { '/kratix': rootRouteRef },
      },
    );
    const header = screen.getByRole('banner');
    expect(
      await within(header).findByRole('heading', { name: 'Alpha Promise' }),
    ).toBeInTheDocument();
    fireEvent.click(await screen.findByText('to beta'));
    expect(
      await within(screen.getByRole('banner')).findByRole('heading', {
        level: 1,
        name: 'beta',
      }),
    ).toBeInTheDocument();
  });
});
