import { fireEvent, screen } from '@testing-library/react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { fakeKratixApi } from '../../__testUtils__/fakeKratixApi';
import {
  renderPromisePage,
  requestsPage,
} from '../../__testUtils__/renderPromisePage';
import {
  generatedTemplate,
  handWrittenTemplate,
} from '../../__testUtils__/promiseTemplates';
import { webAppDetail as webApp } from '../../__testUtils__/promiseDetail';

// The page renders a graph and several tables: generous on a loaded 2-core CI machine.
jest.setTimeout(30_000);
const slow = { timeout: 15_000 };

const api = () =>
  fakeKratixApi({
    getPromise: async () => webApp,
    getRequests: requestsPage([]),
  });

/** Where the page itself says it is: the Promise page's title. */
const onPromisePage = () => screen.findByText(/^Promise on platform/, {}, slow);

describe('the Request button of a Promise page', () => {
  it("is a link to the bound route's Template page, followed inside the app (no page reload)", async () => {
    // A stock app at a non-default path: the href comes from the binding, not a fixed string.
    await renderPromisePage(api(), 'easyeaty', 'web-app', {
      templates: [generatedTemplate('easyeaty', 'web-app', 'WebApp')],
      templatePage: '/self-service/templates/:namespace/:templateName',
    });
    // An anchor (LinkButton renders one with the button role).
    const button = (
      await screen.findByText('Request WebApp', {}, slow)
    ).closest('a')!;
    expect(button).toHaveAttribute(
      'href',
      '/self-service/templates/default/easyeaty_web-app-promise-template',
    );
    // A router link: a click moves the MemoryRouter to the Template's page. A plain href
    // would be a document navigation, which jsdom does not perform: the page would stay.
    fireEvent.click(button);
    expect(
      await screen.findByRole('heading', { name: "The Template's form" }),
    ).toBeInTheDocument();
    expect(screen.queryByText(/^Promise on platform/)).toBeNull();
  });

  it('finds a Template written by hand in another namespace, and prefers the generated one', async () => {
    const handWritten = handWrittenTemplate(
      'easyeaty',
      'web-app',
      'platform-templates',
      'order-a-web-app',
    );
    // The same Promise name on another platform is another Promise: never its Template.
    const otherPlatform = handWrittenTemplate(
      'staging',
      'web-app',
      'a-templates',
      'staging-web-app',
    );
    await renderPromisePage(api(), 'easyeaty', 'web-app', {
      templates: [otherPlatform, handWritten],
    });
    expect(
      await screen.findByRole('button', { name: 'Request WebApp' }, slow),
    ).toHaveAttribute(
      'href',
      '/create/templates/platform-templates/order-a-web-app',
    );
  });

  it('prefers the Template the catalog module generated over one written by hand', async () => {
    await renderPromisePage(api(), 'easyeaty', 'web-app', {
      templates: [
        handWrittenTemplate('easyeaty', 'web-app', 'a-first', 'by-hand'),
        generatedTemplate('easyeaty', 'web-app', 'WebApp'),
      ],
    });
    expect(
      await screen.findByRole('button', { name: 'Request WebApp' }, slow),
    ).toHaveAttribute(
      'href',
      '/create/templates/default/easyeaty_web-app-promise-template',
    );
  });

  it('is not there, and says why, when the catalog has no Template for the Promise', async () => {
    await renderPromisePage(api(), 'easyeaty', 'web-app', {
      templates: [generatedTemplate('easyeaty', 'jenkins', 'Jenkins')],
    });
    expect(
      await screen.findByText(
        'The catalog has no Template for web-app on platform easyeaty yet, so it cannot be requested from here.',
        {},
        slow,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Request WebApp' })).toBeNull();
  });

  it('is not there where the app binds no Template page, and the catalog is not asked', async () => {
    const catalogApi = catalogApiMock({
      entities: [generatedTemplate('easyeaty', 'web-app', 'WebApp')],
    });
    const getEntities = jest.spyOn(catalogApi, 'getEntities');
    await renderPromisePage(api(), 'easyeaty', 'web-app', {
      catalogApi,
      bindTemplatePage: false,
    });
    await onPromisePage();
    await screen.findByText(/No requests of web-app yet/, {}, slow);
    expect(screen.queryByRole('button', { name: 'Request WebApp' })).toBeNull();
    expect(screen.queryByText(/no Template/)).toBeNull();
    expect(getEntities).not.toHaveBeenCalled();
  });

  it('says why it is not there when the catalog cannot be asked', async () => {
    const catalogApi = catalogApiMock();
    jest
      .spyOn(catalogApi, 'getEntities')
      .mockRejectedValue(new Error('catalog unavailable'));
    await renderPromisePage(api(), 'easyeaty', 'web-app', { catalogApi });
    expect(
      await screen.findByText(
        /Could not look for this Promise's Template in the catalog, so it cannot be requested from here: catalog unavailable/,
        {},
        slow,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Request WebApp' })).toBeNull();
  });
});
