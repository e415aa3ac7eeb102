import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  act,
  fireEvent,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import { DryRunPreview } from '@kratix-backstage/plugin-kratix-common';
import { KratixApi, kratixApiRef } from '../../api/KratixApi';
import { fakeKratixApi } from '../../__testUtils__/fakeKratixApi';
import { DryRunPreviewCard } from './DryRunPreviewCard';

// The file changes as Kratix renders them in a DryRun's summary (internal/controller/
// dryrun_controller.go, dryRunRenderDiff and dryRunLineDiff): an added or removed file is its
// document, a modified one a line diff headed `--- a/<path>` / `+++ b/<path>`.
const addedService =
  'apiVersion: v1\nkind: Service\nmetadata:\n  name: ci-jenkins\n';
const modifiedDeployment =
  '--- a/deployment.yaml\n+++ b/deployment.yaml\n apiVersion: apps/v1\n kind: Deployment\n-  replicas: 2\n+  replicas: 3\n';
const removedConfigMap =
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ci-plugins\n';

const running = {
  supported: true as const,
  name: 'ci-dry-run-x7k2p',
  namespace: 'team-checkout',
  state: 'pending' as const,
  complete: false,
  pipelines: [],
  components: [],
};

const completed: DryRunPreview = {
  ...running,
  state: 'completed',
  complete: true,
  pipelines: [
    {
      pipeline: 'instance-configure',
      added: 1,
      modified: 1,
      removed: 1,
      files: [
        { path: 'service.yaml', change: 'added', text: addedService },
        {
          path: 'deployment.yaml',
          change: 'modified',
          text: modifiedDeployment,
        },
        { path: 'configmap.yaml', change: 'removed', text: removedConfigMap },
      ],
    },
  ],
};

const ref = {
  platform: 'eks-platform',
  promise: 'jenkins',
  namespace: 'team-checkout',
  name: 'ci',
};
const spec = { env: 'dev', agents: 3 };

async function renderCard(
  overrides: Partial<KratixApi>,
  fallbackDocument?: string,
) {
  return renderInTestApp(
    <TestApiProvider apis={[[kratixApiRef, fakeKratixApi(overrides)]]}>
      <DryRunPreviewCard
        {...ref}
        spec={spec}
        fallbackDocument={fallbackDocument}
      />
    </TestApiProvider>,
  );
}

/** Clicks the action and lets startDryRun answer, without moving the clock. */
const preview = () =>
  act(async () => {
    fireEvent.click(
      screen.getByRole('button', { name: "Preview with Kratix's DryRun" }),
    );
  });

/** Lets the 2 s poll timer fire and its answer settle. */
const tick = (ms: number) =>
  act(async () => {
    jest.advanceTimersByTime(ms);
  });

describe('DryRunPreviewCard', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('starts a DryRun, shows progress while Kratix runs it, then each pipeline with its files', async () => {
    const startDryRun = jest.fn(async () => running);
    const answers = [running, completed];
    const getDryRun = jest.fn(async () => answers.shift()!);
    await renderCard({ startDryRun, getDryRun });
    expect(startDryRun).not.toHaveBeenCalled();

    await preview();
    expect(
      screen.getByText(/DryRun team-checkout\/ci-dry-run-x7k2p/),
    ).toBeInTheDocument();
    expect(startDryRun).toHaveBeenCalledWith(ref, spec);
    // Backstage's Progress shows after a short delay (the theme's `short` transition).
    await tick(250);
    expect(screen.getByRole('progressbar')).toBeInTheDocument();
    expect(getDryRun).not.toHaveBeenCalled();

    // Read again every 2 s, not sooner, until it completes.
    await tick(1749);
    expect(getDryRun).not.toHaveBeenCalled();
    await tick(1);
    expect(getDryRun).toHaveBeenCalledTimes(1);
    expect(getDryRun).toHaveBeenCalledWith({
      platform: 'eks-platform',
      namespace: 'team-checkout',
      name: 'ci-dry-run-x7k2p',
    });
    await tick(2000);
    expect(getDryRun).toHaveBeenCalledTimes(2);

    const pipeline = await screen.findByRole('region', {
      name: 'Pipeline instance-configure',
    });
    expect(pipeline).toHaveTextContent(
      'Pipeline instance-configure: 1 added · 1 modified · 1 removed',
    );
    const file = (path: string) =>
      within(pipeline).getByRole('region', { name: path });
    expect(file('service.yaml')).toHaveTextContent('Added: service.yaml');
    // CodeSnippet loads its highlighter lazily.
    await waitFor(() =>
      expect(file('service.yaml')).toHaveTextContent('kind: Service'),
    );
    expect(file('deployment.yaml')).toHaveTextContent(
      'Modified: deployment.yaml',
    );
    await waitFor(() =>
      expect(file('deployment.yaml')).toHaveTextContent(
        '- replicas: 2 + replicas: 3',
      ),
    );
    expect(file('configmap.yaml')).toHaveTextContent('Removed: configmap.yaml');
    // Each file can be copied.
    expect(
      within(pipeline).getAllByRole('button', { name: 'Copy text' }),
    ).toHaveLength(3);
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();

    // Completed: no more reads.
    await tick(10_000);
    expect(getDryRun).toHaveBeenCalledTimes(2);
  });

  it('warns that a compound preview is incomplete, and shows each component with its phase, message and pipelines', async () => {
    // Kratix keeps Completed True when a component failed and says so in ComponentsSucceeded
    // (api/v1alpha1/dryrun_types.go; componentsSucceededCondition in dryrun_controller.go).
    const message =
      'Preview is incomplete; these components failed: postgresql/shop-db';
    const compound: DryRunPreview = {
      ...running,
      state: 'completed',
      complete: false,
      message,
      pipelines: [
        {
          pipeline: 'compose',
          added: 2,
          modified: 0,
          removed: 0,
          files: [
            { path: 'shop-ci.yaml', change: 'added', text: 'kind: jenkins\n' },
            {
              path: 'shop-db.yaml',
              change: 'added',
              text: 'kind: postgresql\n',
            },
          ],
        },
      ],
      components: [
        {
          promise: 'jenkins',
          request: 'shop-ci',
          namespace: 'team-checkout',
          dryRun: 'ci-dry-run-x7k2p-jenkins-shop-ci',
          phase: 'Succeeded',
          pipelines: [
            {
              pipeline: 'instance-configure',
              added: 1,
              modified: 0,
              removed: 0,
              files: [
                { path: 'service.yaml', change: 'added', text: addedService },
              ],
            },
          ],
        },
        {
          promise: 'postgresql',
          request: 'shop-db',
          namespace: 'team-checkout',
          dryRun: 'ci-dry-run-x7k2p-postgresql-shop-db',
          phase: 'Failed',
          message: 'A Configure Pipeline has failed: instance-configure',
          pipelines: [],
        },
      ],
    };
    const getDryRun = jest.fn();
    await renderCard({ startDryRun: async () => compound, getDryRun });
    await preview();

    const warning = await screen.findByRole('alert');
    expect(warning).toHaveTextContent(
      'Warning: The preview is incomplete: some of what the request would change is not shown',
    );
    expect(warning).toHaveTextContent(message);
    expect(
      screen.getByRole('region', { name: 'Pipeline compose' }),
    ).toHaveTextContent('2 added · 0 modified · 0 removed');

    const ci = screen.getByRole('region', {
      name: 'Component jenkins/team-checkout/shop-ci',
    });
    expect(ci).toHaveTextContent('Succeeded');
    expect(
      within(ci).getByRole('region', { name: 'Pipeline instance-configure' }),
    ).toHaveTextContent('1 added · 0 modified · 0 removed');
    const db = screen.getByRole('region', {
      name: 'Component postgresql/team-checkout/shop-db',
    });
    expect(db).toHaveTextContent('Failed');
    expect(db).toHaveTextContent(
      'A Configure Pipeline has failed: instance-configure',
    );
    expect(within(db).queryByRole('region')).toBeNull();
    // Completed already: nothing to read again.
    await tick(10_000);
    expect(getDryRun).not.toHaveBeenCalled();
  });

  it('says when the DryRun failed, with Kratix’s reason, and stops reading it', async () => {
    const failed: DryRunPreview = {
      ...running,
      state: 'failed',
      message:
        'pipeline failed: A Configure Pipeline has failed: instance-configure',
    };
    const getDryRun = jest.fn(async () => failed);
    await renderCard({ startDryRun: async () => running, getDryRun });
    await preview();
    await tick(2000);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      "Error: Kratix's DryRun failed: this is not what the request would change",
    );
    expect(alert).toHaveTextContent(
      'pipeline failed: A Configure Pipeline has failed: instance-configure',
    );
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
    await tick(10_000);
    expect(getDryRun).toHaveBeenCalledTimes(1);
  });

  it('where the platform has no DryRun, says why and shows the fallback document', async () => {
    const document =
      'apiVersion: marketplace.kratix.io/v1alpha1\nkind: jenkins\nmetadata:\n  name: ci\n';
    const getDryRun = jest.fn();
    await renderCard(
      {
        startDryRun: async () => ({
          supported: false,
          reason:
            'Platform easyeaty writes to git (gitops mode): Kratix runs no DryRun there.',
        }),
        getDryRun,
      },
      document,
    );
    await preview();
    const info = await screen.findByRole('alert');
    expect(info).toHaveTextContent(
      "Info: Kratix's DryRun is not available on this platform",
    );
    expect(info).toHaveTextContent(
      "Platform easyeaty writes to git (gitops mode): Kratix runs no DryRun there. The suite falls back to checking the spec against the Promise's schema and showing the document it would write:",
    );
    await waitFor(() => expect(info).toHaveTextContent('kind: jenkins'));
    expect(
      within(info).getByRole('button', { name: 'Copy text' }),
    ).toBeInTheDocument();
    await tick(10_000);
    expect(getDryRun).not.toHaveBeenCalled();
  });

  it('stops reading a pending DryRun when it is unmounted', async () => {
    const getDryRun = jest.fn(async () => running);
    const { unmount } = await renderCard({
      startDryRun: async () => running,
      getDryRun,
    });
    await preview();
    expect(
      screen.getByText(/DryRun team-checkout\/ci-dry-run-x7k2p/),
    ).toBeInTheDocument();
    // Still pending: it keeps reading, one read per 2 s.
    await tick(2000);
    await tick(2000);
    expect(getDryRun).toHaveBeenCalledTimes(2);

    unmount();
    await tick(60_000);
    expect(getDryRun).toHaveBeenCalledTimes(2);
  });

  it('says so when the DryRun cannot be started, and lets it be tried again', async () => {
    const startDryRun = jest
      .fn()
      .mockRejectedValueOnce(
        new Error('Not allowed: kratix.resource.manage on team-checkout/ci'),
      )
      .mockResolvedValueOnce(completed);
    await renderCard({ startDryRun });
    await preview();
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Not allowed: kratix.resource.manage on team-checkout/ci',
    );
    await preview();
    expect(
      await screen.findByRole('region', {
        name: 'Pipeline instance-configure',
      }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});
