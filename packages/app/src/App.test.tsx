import { fireEvent, render, screen, within } from '@testing-library/react';
import kratixPlugin from '@kratix-backstage/plugin-kratix/alpha';
import App from './App';

// The app loads lazily (config, features, sign-in); on a loaded CI machine that takes seconds.
// Each wait below is for a specific element, with a ceiling well above that.
const APP_LOAD = { timeout: 30_000 };

describe('App', () => {
  const confirm = window.confirm;
  afterEach(() => {
    window.confirm = confirm;
    delete (window as any)['__@backstage/discovered__'];
  });

  it('shows the guest sign-in page, and after it the sidebar with the Kratix item', async () => {
    process.env = {
      NODE_ENV: 'test',
      APP_CONFIG: [
        {
          data: {
            // As app-config.yaml: plugins come from package discovery.
            app: { title: 'Test', packages: 'all' },
            backend: { baseUrl: 'http://localhost:7007' },
            techdocs: {
              storageUrl: 'http://localhost:7007/api/techdocs/static/docs',
            },
          },
          context: 'test',
        },
      ] as any,
    };
    // What the CLI's bundler injects for `app.packages: all`: the frontend plugins the app
    // package depends on. Kratix is the one this app exists for.
    (window as any)['__@backstage/discovered__'] = {
      modules: [
        { name: '@kratix-backstage/plugin-kratix', default: kratixPlugin },
      ],
    };
    // No auth backend in a unit test: the guest provider asks whether to fall back to the
    // legacy guest token; say yes (a running backend would sign in without asking).
    window.confirm = jest.fn(() => true);

    render(App.createRoot());

    // The sign-in page, titled from config, offering the guest provider.
    expect(
      await screen.findByRole('heading', { name: 'Test' }, APP_LOAD),
    ).toBeInTheDocument();
    expect(screen.getByText('Guest')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Enter' }));

    // Signed in: the sidebar, with the catalog and the discovered Kratix plugin's page.
    const nav = await screen.findByRole(
      'navigation',
      { name: 'sidebar nav' },
      APP_LOAD,
    );
    expect(within(nav).getByRole('link', { name: 'Catalog' })).toHaveAttribute(
      'href',
      '/catalog',
    );
    expect(
      await within(nav).findByRole('link', { name: 'Kratix' }, APP_LOAD),
    ).toHaveAttribute('href', '/kratix');
    expect(screen.queryByRole('button', { name: 'Enter' })).toBeNull();
  }, 90_000);
});
