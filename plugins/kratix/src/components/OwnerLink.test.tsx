import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { entityPresentationApiRef } from '@backstage/plugin-catalog-react';
import { screen } from '@testing-library/react';
import { catalogRoutes } from '../__testUtils__/catalogRoutes';
import {
  checkoutTeam,
  fakeEntityPresentationApi,
} from '../__testUtils__/entityPresentation';
import { OwnerLink } from './OwnerLink';

async function renderOwner(owner?: string) {
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [entityPresentationApiRef, fakeEntityPresentationApi([checkoutTeam])],
      ]}
    >
      <span data-testid="owner">
        <OwnerLink owner={owner} />
      </span>
    </TestApiProvider>,
    { mountedRoutes: catalogRoutes },
  );
}

describe('OwnerLink', () => {
  it("links an owner to its entity page, named by the group's display name", async () => {
    await renderOwner('group:default/team-checkout');
    expect(
      await screen.findByRole('link', { name: 'Checkout Team' }),
    ).toHaveAttribute('href', '/catalog/default/group/team-checkout');
    expect(screen.getByTestId('owner')).not.toHaveTextContent('group:');
  });

  it('reads a bare name as a group, as Backstage reads an owner', async () => {
    await renderOwner('team-checkout');
    expect(
      await screen.findByRole('link', { name: 'Checkout Team' }),
    ).toHaveAttribute('href', '/catalog/default/group/team-checkout');
  });

  it('links a user owner to its user page', async () => {
    await renderOwner('user:default/ada');
    expect(
      await screen.findByRole('link', { name: 'user:ada' }),
    ).toHaveAttribute('href', '/catalog/default/user/ada');
  });

  it('shows text that is no entity ref as it is, linked nowhere', async () => {
    await renderOwner('Team Checkout (ops)');
    expect(screen.getByTestId('owner')).toHaveTextContent(
      'Team Checkout (ops)',
    );
    expect(screen.queryByRole('link')).toBeNull();
  });
});
