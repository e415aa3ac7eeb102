import { alertApiRef } from '@backstage/core-plugin-api';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { KratixApi, kratixApiRef } from '../../api/KratixApi';
import { fakeKratixApi } from '../../__testUtils__/fakeKratixApi';
import { UpdateDialog } from './UpdateDialog';

// The jenkins Promise's API as kratix-common's fixtures have it (fixtures/promise-jenkins.yaml).
const jenkins = {
  apiVersion: 'platform.kratix.io/v1alpha1',
  kind: 'Promise',
  metadata: { name: 'jenkins' },
  spec: {
    api: {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'jenkins.marketplace.kratix.io' },
      spec: {
        group: 'marketplace.kratix.io',
        names: { kind: 'jenkins', plural: 'jenkins', singular: 'jenkins' },
        scope: 'Namespaced',
        versions: [
          {
            name: 'v1alpha1',
            served: true,
            storage: true,
            schema: {
              openAPIV3Schema: {
                type: 'object',
                properties: {
                  spec: {
                    type: 'object',
                    required: ['env'],
                    properties: {
                      env: { type: 'string', enum: ['dev', 'staging', 'prod'] },
                      plugins: { type: 'array', items: { type: 'string' } },
                      agents: { type: 'integer', minimum: 0, maximum: 10 },
                    },
                  },
                },
              },
            },
          },
        ],
      },
    },
  },
};

const detail: any = {
  platform: 'easyeaty',
  promise: 'jenkins',
  namespace: 'team-checkout',
  name: 'ci',
  request: {
    apiVersion: 'marketplace.kratix.io/v1alpha1',
    kind: 'jenkins',
    metadata: { name: 'ci', namespace: 'team-checkout' },
    spec: { env: 'dev', agents: 2 },
  },
};

/** The document the backend answers a write with: the request as written, as YAML. */
const documentWith = (agents: number) =>
  `apiVersion: marketplace.kratix.io/v1alpha1\nkind: jenkins\nmetadata:\n  name: ci\n  namespace: team-checkout\nspec:\n  env: dev\n  agents: ${agents}\n`;

async function renderDialog(
  updateRequest: jest.Mock,
  props: { detail?: any; onUpdated?: jest.Mock; api?: Partial<KratixApi> } = {},
) {
  const api = fakeKratixApi({
    getPromise: async () => ({ promise: jenkins } as any),
    updateRequest,
    ...props.api,
  });
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [kratixApiRef, api],
        [alertApiRef, { post: jest.fn(), alert$: jest.fn() } as any],
      ]}
    >
      <UpdateDialog
        detail={props.detail ?? detail}
        open
        onClose={jest.fn()}
        onUpdated={props.onUpdated ?? jest.fn()}
      />
    </TestApiProvider>,
  );
  return screen.getByRole('dialog');
}

/** The YAML view: the dialog opens on the form; "Edit as YAML" shows the spec as text. */
async function yamlView() {
  fireEvent.click(
    await screen.findByRole('checkbox', { name: 'Edit as YAML' }),
  );
}
const editor = () =>
  screen.getByLabelText('Spec (YAML)', { selector: 'textarea' });
const button = (name: string) =>
  screen.getByRole('button', { name: new RegExp(`^${name}$`, 'i') });

describe('UpdateDialog', () => {
  it('is filled with the current spec, previews the change with a dry run, then applies it', async () => {
    const updateRequest = jest.fn(async (_ref, update) => ({
      action: 'updated',
      document: documentWith(update.spec.agents),
      dryRun: !!update.dryRun,
      path: 'requests/jenkins/team-checkout/ci.yaml',
    }));
    const onUpdated = jest.fn();
    await renderDialog(updateRequest, { onUpdated });
    await yamlView();
    expect((editor() as HTMLTextAreaElement).value).toBe(
      'env: dev\nagents: 2\n',
    );

    fireEvent.change(editor(), { target: { value: 'env: dev\nagents: 3\n' } });
    fireEvent.click(button('Preview'));
    const changes = await screen.findByRole('table', {
      name: 'Changes to the spec',
    });
    expect(updateRequest).toHaveBeenCalledWith(
      {
        platform: 'easyeaty',
        promise: 'jenkins',
        namespace: 'team-checkout',
        name: 'ci',
      },
      { spec: { env: 'dev', agents: 3 }, dryRun: true },
    );
    const rows = within(changes).getAllByRole('row');
    expect(rows.map(r => r.textContent)).toEqual([
      'PropertyCurrentNew',
      'spec.agents (changed)23',
    ]);
    expect(onUpdated).not.toHaveBeenCalled();

    fireEvent.click(button('Apply'));
    await waitFor(() => expect(updateRequest).toHaveBeenCalledTimes(2));
    expect(updateRequest.mock.calls[1][1]).toEqual({
      spec: { env: 'dev', agents: 3 },
    });
    await waitFor(() => expect(onUpdated).toHaveBeenCalled());
  });

  it('checks the spec against the Promise API before any call', async () => {
    const updateRequest = jest.fn();
    await renderDialog(updateRequest);
    await yamlView();
    await waitFor(() =>
      expect(screen.queryByRole('progressbar')).not.toBeInTheDocument(),
    );
    fireEvent.change(editor(), { target: { value: 'env: qa\nagents: 2\n' } });
    expect(await screen.findByText(/spec\.env/)).toBeInTheDocument();
    expect(button('Preview')).toBeDisabled();
    expect(updateRequest).not.toHaveBeenCalled();
  });

  it('names the bound revision, and shows the platform refusing the change against it', async () => {
    const updateRequest = jest.fn(async () => {
      throw new Error(
        'The request is not valid for version v1.0.0 of Promise jenkins, the version it is bound to: spec.agents must be <= 3',
      );
    });
    await renderDialog(updateRequest, {
      detail: {
        ...detail,
        binding: { desiredVersion: 'v1.0.0', upgrading: false },
      },
    });
    await yamlView();
    expect(
      screen.getByText(
        /version v1\.0\.0, the Promise revision this request is bound to/,
      ),
    ).toBeInTheDocument();
    fireEvent.change(editor(), { target: { value: 'env: dev\nagents: 5\n' } });
    fireEvent.click(button('Preview'));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'not valid for version v1.0.0',
    );
    expect(screen.queryByRole('button', { name: /^apply$/i })).toBeNull();
  });

  it('says which pull request proposes the change on a platform that writes through them', async () => {
    const url = 'https://github.example.com/easyeaty/platform/pull/7';
    const updateRequest = jest.fn(async (_ref, update) => ({
      action: 'updated',
      document: documentWith(update.spec.agents),
      dryRun: !!update.dryRun,
      path: 'requests/jenkins/team-checkout/ci.yaml',
      ...(!update.dryRun && { pullRequestUrl: url }),
      boundRevisionVersion: 'v1.2.0',
    }));
    await renderDialog(updateRequest);
    await yamlView();
    fireEvent.change(editor(), { target: { value: 'env: dev\nagents: 4\n' } });
    fireEvent.click(button('Preview'));
    expect(
      await screen.findByText(/checked against version v1\.2\.0/),
    ).toBeInTheDocument();
    fireEvent.click(button('Apply'));
    const link = await screen.findByRole('link', {
      name: new RegExp(url.replace(/[.]/g, '\\.')),
    });
    expect(link).toHaveAttribute('href', url);
    expect(screen.getByRole('dialog')).toHaveTextContent(
      /The change is proposed in https:\/\/github\.example\.com\/easyeaty\/platform\/pull\/7/,
    );
  });

  describe("with Kratix's DryRun", () => {
    const updateRequest = jest.fn(async (_ref, update) => ({
      action: 'updated',
      document: documentWith(update.spec.agents),
      dryRun: !!update.dryRun,
      path: 'requests/jenkins/team-checkout/ci.yaml',
    }));
    const ref = {
      platform: 'easyeaty',
      promise: 'jenkins',
      namespace: 'team-checkout',
      name: 'ci',
    };
    const previewKratix = async () => {
      fireEvent.change(editor(), {
        target: { value: 'env: dev\nagents: 3\n' },
      });
      fireEvent.click(button('Preview'));
      fireEvent.click(
        await screen.findByRole('button', {
          name: "Preview with Kratix's DryRun",
        }),
      );
    };

    it('previews the new spec of this request, per pipeline, after the spec changes', async () => {
      // A modified file as Kratix's DryRun renders it (dryRunLineDiff in Kratix's
      // internal/controller/dryrun_controller.go).
      const diff =
        '--- a/jenkins.yaml\n+++ b/jenkins.yaml\n kind: Jenkins\n-  agents: 2\n+  agents: 3\n';
      const startDryRun = jest.fn(async () => ({
        supported: true as const,
        name: 'ci-dry-run-4fj2k',
        namespace: 'team-checkout',
        state: 'completed' as const,
        complete: true,
        pipelines: [
          {
            pipeline: 'instance-configure',
            added: 0,
            modified: 1,
            removed: 0,
            files: [
              { path: 'jenkins.yaml', change: 'modified' as const, text: diff },
            ],
          },
        ],
        components: [],
      }));
      await renderDialog(updateRequest, { api: { startDryRun } });
      await yamlView();
      await previewKratix();
      const pipeline = await screen.findByRole('region', {
        name: 'Pipeline instance-configure',
      });
      expect(startDryRun).toHaveBeenCalledWith(ref, { env: 'dev', agents: 3 });
      expect(pipeline).toHaveTextContent('0 added · 1 modified · 0 removed');
      await waitFor(() =>
        expect(pipeline).toHaveTextContent('- agents: 2 + agents: 3'),
      );
      // Still the dialog's own Apply.
      expect(button('Apply')).toBeEnabled();
    });

    it('where the platform has no DryRun, shows the document the update dry run returned', async () => {
      const startDryRun = jest.fn(async () => ({
        supported: false as const,
        reason: 'Platform easyeaty writes to git (gitops mode)',
      }));
      await renderDialog(updateRequest, { api: { startDryRun } });
      await yamlView();
      await previewKratix();
      const info = await screen.findByRole('alert');
      expect(info).toHaveTextContent(
        "Platform easyeaty writes to git (gitops mode). The suite falls back to checking the spec against the Promise's schema and showing the document it would write:",
      );
      await waitFor(() =>
        expect(info).toHaveTextContent(
          'namespace: team-checkout spec: env: dev agents: 3',
        ),
      );
    });
  });
});
