import { fireEvent, render, screen, within } from '@testing-library/react';
import homePlugin from '@backstage/plugin-home/alpha';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import kratixPlugin from '@kratix-backstage/plugin-kratix/alpha';
import App from '../../App';

// The app loads lazily (config, features, sign-in); on a loaded CI machine that takes seconds.
// Each wait below is for a specific element, with a ceiling well above that.
const APP_LOAD = { timeout: 30_000 };

// The whole app, as it starts at /home. In a file of its own: an app loads its features once,
// so it needs a fresh module registry to be started with the home page's plugins discovered.
describe('the home page', () => {
  const confirm = window.confirm;
  afterEach(() => {
    window.confirm = confirm;
    delete (window as any)['__@backstage/discovered__'];
    window.history.pushState({}, '', '/');
    window.localStorage.clear();
  });

  it('needs no network and links only to pages the app has', async () => {
    process.env = {
      NODE_ENV: 'test',
      APP_CONFIG: [
        {
          data: {
            // As app-config.yaml: the catalog is the root page, home is at /home.
            app: {
              title: 'Test',
              packages: 'all',
              extensions: [{ 'page:catalog': { config: { path: '/' } } }],
            },
            backend: { baseUrl: 'http://localhost:7007' },
          },
          context: 'test',
        },
      ] as any,
    };
    // The plugins whose pages the home page links to, discovered as the bundler would.
    (window as any)['__@backstage/discovered__'] = {
      modules: [
        { name: '@backstage/plugin-home', default: homePlugin },
        { name: '@backstage/plugin-scaffolder', default: scaffolderPlugin },
        { name: '@kratix-backstage/plugin-kratix', default: kratixPlugin },
      ],
    };
    window.confirm = jest.fn(() => true);
    // Nothing on the home page may reach out: any fetch beyond this app's backend fails the test.
    const fetchSpy = jest.spyOn(global, 'fetch');
    // jsdom lays nothing out: the home page's grid renders its widgets once it has measured a
    // width, as it does at once in a browser.
    const width = jest
      .spyOn(HTMLElement.prototype, 'offsetWidth', 'get')
      .mockReturnValue(1280);
    window.history.pushState({}, '', '/home');

    render(App.createRoot());
    fireEvent.click(
      await screen.findByRole('button', { name: 'Enter' }, APP_LOAD),
    );

    const links = await screen.findByRole(
      'list',
      { name: 'platform links' },
      APP_LOAD,
    );
    expect(
      within(links)
        .getAllByRole('link')
        .map(a => [a.textContent, a.getAttribute('href')]),
    ).toEqual([
      ['Promises', '/kratix'],
      ['Clusters', '/kratix/clusters'],
      ['Create', '/create'],
      ['Catalog', '/'],
    ]);
    // No Platform admin link: the admin check needs the backend, which this test has not, and
    // a check that did not allow shows no link (HomeWidgets.test shows it to an admin).
    expect(screen.queryByRole('link', { name: 'Platform admin' })).toBeNull();
    expect(
      screen.getByText(/This portal serves a Kratix platform/),
    ).toBeInTheDocument();
    expect(screen.queryByText('Random Joke')).toBeNull();
    expect(screen.queryByText('Toolkit')).toBeNull();

    // Every link on the page leads to a page the sidebar offers (the catalog at /, Kratix,
    // Create), never to /catalog (a 404 here) or off the machine.
    const nav = screen.getByRole('navigation', { name: 'sidebar nav' });
    const pages = within(nav)
      .getAllByRole('link')
      .map(a => a.getAttribute('href'));
    expect(pages).toEqual(expect.arrayContaining(['/', '/kratix', '/create']));
    expect(within(nav).getByRole('link', { name: 'Catalog' })).toHaveAttribute(
      'href',
      '/',
    );
    const hrefs = screen
      .getAllByRole('link')
      .filter(a => !nav.contains(a))
      .map(a => a.getAttribute('href') ?? '');
    expect(hrefs.length).toBeGreaterThanOrEqual(4);
    for (const href of hrefs) {
      expect(href).toMatch(/^\//);
      const page = `/${href.split('/')[1]}`;
      expect(pages).toContain(page);
    }
    expect(hrefs).not.toContain('/catalog');
    const elsewhere = fetchSpy.mock.calls
      .map(([url]) => String(url instanceof Request ? url.url : url))
      .filter(url => !url.startsWith('http://localhost:7007/'));
    expect(elsewhere).toEqual([]);
    fetchSpy.mockRestore();
    width.mockRestore();
  }, 90_000);
});
