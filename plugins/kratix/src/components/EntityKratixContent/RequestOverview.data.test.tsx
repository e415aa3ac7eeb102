import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { entityPresentationApiRef } from '@backstage/plugin-catalog-react';
import {
  MockPermissionApi,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { KratixApi, kratixApiRef } from '../../api/KratixApi';
import { fakeKratixApi } from '../../__testUtils__/fakeKratixApi';
import { catalogRoutes } from '../../__testUtils__/catalogRoutes';
import {
  checkoutTeam,
  fakeEntityPresentationApi,
} from '../../__testUtils__/entityPresentation';
import { RequestOverview } from './RequestOverview';

const RUN = 'kratix-jenkins-ci-instance-configure-1a2b3';

const detail: any = {
  platform: 'easyeaty',
  promise: 'jenkins',
  name: 'ci',
  namespace: 'team-checkout',
  apiVersion: 'marketplace.kratix.io/v1alpha1',
  kind: 'jenkins',
  owner: 'group:default/team-checkout',
  phase: 'Ready',
  specYaml: 'env: dev\nagents: 2\n',
  status: {
    phase: 'Ready',
    conditions: [],
    workflow: { pipelines: [], source: 'pipelines' },
    catchUp: { updating: false, neverObserved: false },
    health: { state: 'unknown', records: [], source: 'none' },
    // What a Jenkins pipeline writes to the request's status, beside Kratix's own keys.
    pipelineWritten: {
      values: {
        agents: 2,
        connectionDetails: {
          adminSecret: 'team-checkout/ci-jenkins-admin',
          host: 'ci.jenkins.svc',
        },
      },
      conditions: [],
      links: [],
    },
  },
  conditions: [],
  landed: [],
  subRequests: [],
  pipelineRuns: [
    {
      name: RUN,
      namespace: 'team-checkout',
      promise: 'jenkins',
      resource: 'ci',
      pipeline: 'instance-configure',
      type: 'resource',
      action: 'configure',
      state: 'Succeeded',
    },
  ],
  request: {},
};

async function render(api: Partial<KratixApi> = {}) {
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [
          kratixApiRef,
          fakeKratixApi({ getRequest: async () => detail, ...api }),
        ],
        [permissionApiRef, new MockPermissionApi(() => AuthorizeResult.ALLOW)],
        [entityPresentationApiRef, fakeEntityPresentationApi([checkoutTeam])],
      ]}
    >
      <RequestOverview
        platform="easyeaty"
        promise="jenkins"
        namespace="team-checkout"
        name="ci"
      />
    </TestApiProvider>,
    { mountedRoutes: catalogRoutes },
  );
}

describe('RequestOverview shows data as data', () => {
  it('names the owner by its display name, linked to its catalog page', async () => {
    await render();
    const owner = await screen.findByRole('link', { name: 'Checkout Team' });
    expect(owner).toHaveAttribute(
      'href',
      '/catalog/default/group/team-checkout',
    );
    expect(owner.parentElement).toHaveTextContent(/owned by Checkout Team/);
    expect(screen.queryByText(/group:default\/team-checkout/)).toBeNull();
  });

  it("lists the pipelines' outputs key by key in a metadata table, not as JSON", async () => {
    await render();
    const card = (
      await screen.findByText('Outputs from the pipelines')
    ).closest('.MuiCard-root') as HTMLElement;
    const rows = within(card)
      .getAllByRole('row')
      .map(r => r.textContent);
    expect(rows).toEqual([
      'agents2',
      'connectionDetailsadminSecret: team-checkout/ci-jenkins-adminhost: ci.jenkins.svc',
    ]);
    expect(card).not.toHaveTextContent('{');
  });

  it('shows the spec in a code block with a copy button', async () => {
    await render();
    const spec = await screen.findByRole('region', { name: 'Spec as YAML' });
    await waitFor(() => expect(spec).toHaveTextContent('env: dev agents: 2'));
    expect(
      within(spec).getByRole('button', { name: 'Copy text' }),
    ).toBeInTheDocument();
  });

  it("shows a run's logs in a code block with a copy button", async () => {
    await render({
      getPipelineLogs: async () => ({
        run: RUN,
        containers: [
          { name: 'main', log: 'rendered jenkins-instance.yaml\ndone' },
          { name: 'status-writer', log: '' },
        ],
      }),
    });
    fireEvent.click(
      await screen.findByRole('button', { name: `Logs of ${RUN}` }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: `Logs of ${RUN}`,
    });
    await waitFor(() =>
      expect(dialog).toHaveTextContent('rendered jenkins-instance.yaml'),
    );
    // One copy button for the container with a log; the empty one says it is empty.
    expect(
      within(dialog).getAllByRole('button', { name: 'Copy text' }),
    ).toHaveLength(1);
    expect(within(dialog).getByText('(empty)')).toBeInTheDocument();
  });
});
