import {
  MockPermissionApi,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  catalogApiRef,
  entityPresentationApiRef,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import {
  diffPromiseRevisions,
  PromiseRevision,
  PromiseRevisionsResponse,
  RequestListItem,
} from '@kratix-backstage/plugin-kratix-common';
import { KratixApi, kratixApiRef, RequestFilter } from '../../api/KratixApi';
import { fakeKratixApi } from '../../__testUtils__/fakeKratixApi';
import { catalogRoutes } from '../../__testUtils__/catalogRoutes';
import {
  checkoutTeam,
  fakeEntityPresentationApi,
} from '../../__testUtils__/entityPresentation';
import { rootRouteRef } from '../../routes';
import { PromiseView } from './PromisePage';
import { PromiseVersions } from './PromiseVersions';

// The page renders several tables: generous on a loaded 2-core CI machine.
jest.setTimeout(30_000);
const slow = { timeout: 15_000 };

const jenkins: any = {
  platform: 'easyeaty',
  name: 'jenkins',
  version: 'v1.2.0',
  availability: 'Available',
  kind: 'jenkins',
  hasApi: true,
  categories: [],
  requiredPromises: [],
  requestCount: 45,
  status: {
    availability: 'Available',
    conditions: [],
    requirements: [],
    requiredBy: [],
    workflow: { pipelines: [], source: 'none' },
    catchUp: { updating: false, neverObserved: false },
  },
  dependencies: [],
  destinationSelectors: [],
  pipelines: [],
  requiredBy: [],
  eligibleDestinations: [],
  workerResources: [],
  promise: {},
};

/** 45 requests of jenkins, ci-1 to ci-45, owned by the checkout team. */
const all: RequestListItem[] = Array.from({ length: 45 }, (_, i) => ({
  platform: 'easyeaty',
  promise: 'jenkins',
  name: `ci-${i + 1}`,
  namespace: 'team-checkout',
  apiVersion: 'marketplace.kratix.io/v1alpha1',
  kind: 'jenkins',
  owner: 'group:default/team-checkout',
  phase: 'Ready',
  updating: false,
}));

/** The backend's paging and search (`GET /requests`): 1-based pages of the matching rows. */
async function getRequests(filter: RequestFilter = {}) {
  const matching = all.filter(
    r => !filter.search || r.name.includes(filter.search),
  );
  const page = filter.page ?? 1;
  const pageSize = filter.pageSize ?? 20;
  return {
    items: matching.slice((page - 1) * pageSize, page * pageSize),
    totalCount: matching.length,
    page,
    pageSize,
    errors: [],
  };
}

async function render(children: JSX.Element, api: Partial<KratixApi> = {}) {
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [
          kratixApiRef,
          fakeKratixApi({
            getPromise: async () => jenkins,
            getRequests,
            ...api,
          }),
        ],
        [permissionApiRef, new MockPermissionApi()],
        [catalogApiRef, catalogApiMock()],
        [entityPresentationApiRef, fakeEntityPresentationApi([checkoutTeam])],
      ]}
    >
      {children}
    </TestApiProvider>,
    { mountedRoutes: { '/kratix': rootRouteRef, ...catalogRoutes } },
  );
}

/** The pager's label of the page shown (the table renders it in each of its layouts). */
const pageLabel = (table: HTMLElement) =>
  within(table).getAllByText(/^\d+-\d+ of \d+$/)[0].textContent;

/** The names of the requests in the table, in order. */
const requestNames = (table: HTMLElement) =>
  within(table)
    .getAllByRole('link', { name: /^team-checkout\/ci-/ })
    .map(a => a.textContent);

describe("PromisePage's requests", () => {
  it("names each request's owner by its display name, linked to its catalog page", async () => {
    await render(<PromiseView platform="easyeaty" name="jenkins" />);
    const owners = await screen.findAllByRole(
      'link',
      { name: 'Checkout Team' },
      slow,
    );
    expect(owners).toHaveLength(20);
    expect(owners[0]).toHaveAttribute(
      'href',
      '/catalog/default/group/team-checkout',
    );
    expect(screen.queryByText('group:default/team-checkout')).toBeNull();
  });

  it('pages 45 requests 20 at a time, and searches across all of them', async () => {
    const asked = jest.fn(getRequests);
    await render(<PromiseView platform="easyeaty" name="jenkins" />, {
      getRequests: asked,
    });
    const table = (await screen.findByText('Requests (45)', {}, slow)).closest(
      '.MuiPaper-root',
    ) as HTMLElement;
    await waitFor(() => expect(requestNames(table)).toHaveLength(20), slow);
    expect(requestNames(table)[0]).toBe('team-checkout/ci-1');
    expect(pageLabel(table)).toBe('1-20 of 45');

    fireEvent.click(
      within(table).getAllByRole('button', { name: 'Next Page' })[0],
    );
    await waitFor(() => expect(pageLabel(table)).toBe('21-40 of 45'), slow);
    expect(requestNames(table)[0]).toBe('team-checkout/ci-21');
    fireEvent.click(
      within(table).getAllByRole('button', { name: 'Next Page' })[0],
    );
    await waitFor(() => expect(pageLabel(table)).toBe('41-45 of 45'), slow);
    expect(requestNames(table)).toEqual([
      'team-checkout/ci-41',
      'team-checkout/ci-42',
      'team-checkout/ci-43',
      'team-checkout/ci-44',
      'team-checkout/ci-45',
    ]);

    // The search asks the backend for every match, from its first page.
    fireEvent.change(within(table).getByPlaceholderText('Filter'), {
      target: { value: 'ci-4' },
    });
    await waitFor(() => expect(pageLabel(table)).toBe('1-7 of 7'), slow);
    expect(asked).toHaveBeenLastCalledWith(
      expect.objectContaining({ search: 'ci-4', page: 1, pageSize: 20 }),
    );
    expect(requestNames(table)).toEqual([
      'team-checkout/ci-4',
      'team-checkout/ci-40',
      'team-checkout/ci-41',
      'team-checkout/ci-42',
      'team-checkout/ci-43',
      'team-checkout/ci-44',
      'team-checkout/ci-45',
    ]);
  });
});

/** A PromiseRevision of jenkins whose configure workflow runs `image` (promiserevision_types.go). */
const revision = (version: string, image: string) =>
  ({
    apiVersion: 'platform.kratix.io/v1alpha1',
    kind: 'PromiseRevision',
    metadata: { name: `jenkins-${version}` },
    spec: {
      promiseRef: { name: 'jenkins' },
      version,
      promiseSpec: {
        workflows: {
          promise: {
            configure: [
              {
                apiVersion: 'platform.kratix.io/v1alpha1',
                kind: 'Pipeline',
                metadata: { name: 'promise-configure' },
                spec: { containers: [{ name: 'configure', image }] },
              },
            ],
          },
        },
      },
    },
  } as PromiseRevision);

describe('PromiseVersions', () => {
  const revisions: PromiseRevisionsResponse = {
    platform: 'easyeaty',
    promise: 'jenkins',
    available: true,
    latestVersion: 'v1.2.0',
    revisions: [
      {
        name: 'jenkins-v1.2.0',
        version: 'v1.2.0',
        latest: true,
        requests: [
          {
            namespace: 'team-checkout',
            name: 'ci',
            binding: 'ci-jenkins-abcde',
            desiredVersion: 'latest',
            resolvedVersion: 'v1.2.0',
            appliedVersion: 'v1.2.0',
            strategy: 'floating',
            revision: 'v1.2.0',
            owner: 'group:default/team-checkout',
          },
        ],
      },
      {
        name: 'jenkins-v1.1.0',
        version: 'v1.1.0',
        latest: false,
        requests: [],
      },
    ],
    requests: [],
  };

  it("names a revision's requests' owners by their display names, and offers to copy a document diff", async () => {
    await render(
      <PromiseVersions
        platform="easyeaty"
        promise="jenkins"
        revisions={revisions}
        onMoved={() => {}}
      />,
      {
        getPromiseRevisions: async () => ({
          ...revisions,
          diff: diffPromiseRevisions(
            revision('v1.1.0', 'ghcr.io/easyeaty/jenkins-configure:v1.1.0'),
            revision('v1.2.0', 'ghcr.io/easyeaty/jenkins-configure:v1.2.0'),
          ),
        }),
      },
    );
    const latest = await screen.findByRole('region', {
      name: 'Revision v1.2.0',
    });
    expect(
      within(latest).getByRole('link', { name: 'Checkout Team' }),
    ).toHaveAttribute('href', '/catalog/default/group/team-checkout');

    // The workflow diff keeps its tinted lines, and can be copied as unified-diff text.
    const workflows = await screen.findByLabelText('Workflows diff', {}, slow);
    expect(workflows).toHaveTextContent(
      '- image: ghcr.io/easyeaty/jenkins-configure:v1.1.0',
    );
    expect(workflows).toHaveTextContent(
      '+ image: ghcr.io/easyeaty/jenkins-configure:v1.2.0',
    );
    expect(
      screen.getByRole('button', { name: 'Copy the Workflows diff' }),
    ).toBeInTheDocument();
  });
});
