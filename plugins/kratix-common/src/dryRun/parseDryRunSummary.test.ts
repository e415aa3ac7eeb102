/* eslint-disable prefer-template -- each summary is written piece by piece, as the Go format strings print it */
/*
 * Every summary below is written out exactly as Kratix's DryRun controller prints it
 * (internal/controller/dryrun_controller.go at Kratix HEAD ae170e22):
 * - writeSummary: `# Kratix Dry Run Summary\n\n`, then `## Pipeline: \`%s\`\n\n%s` per
 *   pipeline with `\n---\n\n` between them; for a compound request
 *   `## Compound request: \`%s\` / \`%s\`\n\n`, `### Pipeline: \`%s\`\n\n%s\n` per pipeline,
 *   then `\n---\n\n## Component request: \`%s\` / \`%s\`\n\n` and the component's body;
 * - dryRunRenderDiff: `**%d added · %d modified · %d removed**\n`, then `\nNo changes.\n`, or
 *   `\n---\n\n## ➕ Added: \`%s\`\n\n\`\`\`yaml\n%s\n\`\`\`\n` (the file without its trailing
 *   newlines), `\n---\n\n## ✏️ Modified: \`%s\`\n\n\`\`\`diff\n%s\`\`\`\n` (`--- a/%s\n+++ b/%s\n`
 *   and dryRunLineDiff's lines, each ending in a newline), `## 🗑️ Removed:` as Added;
 * - componentSummaryBody: the child's summary without its title and with `## Pipeline: `
 *   made `### Pipeline: `, or `> **Dry run failed.** %s\n`, `> **Dry run did not complete**
 *   within the timeout. No diff available for this component.\n`, `> No changes.\n`.
 */
import { dryRunPreviewOf } from './dryRunPreview';
import { KratixDryRun } from './dryRunObject';
import { parseDryRunSummary } from './parseDryRunSummary';

const readme = '# CI\n\nRun:\n\n```sh\njenkins-cli build\n```\n';

const instanceConfigure =
  '**2 added · 1 modified · 1 removed**\n' +
  '\n---\n\n## ➕ Added: `README.md`\n\n```yaml\n' +
  '# CI\n\nRun:\n\n```sh\njenkins-cli build\n```' +
  '\n```\n' +
  '\n---\n\n## ➕ Added: `service.yaml`\n\n```yaml\n' +
  'kind: Service\nmetadata:\n  name: ci' +
  '\n```\n' +
  '\n---\n\n## ✏️ Modified: `jenkins-instance.yaml`\n\n```diff\n' +
  '--- a/jenkins-instance.yaml\n+++ b/jenkins-instance.yaml\n' +
  ' kind: Jenkins\n-replicas: 1\n+replicas: 2\n' +
  '```\n' +
  '\n---\n\n## 🗑️ Removed: `old.yaml`\n\n```yaml\n' +
  'kind: ConfigMap' +
  '\n```\n';
const noChanges = '**0 added · 0 modified · 0 removed**\n\nNo changes.\n';

const plainSummary =
  '# Kratix Dry Run Summary\n\n' +
  '## Pipeline: `instance-configure`\n\n' +
  instanceConfigure +
  '\n---\n\n' +
  '## Pipeline: `notify`\n\n' +
  noChanges;

const childSummary =
  '# Kratix Dry Run Summary\n\n' +
  '## Pipeline: `instance-configure`\n\n' +
  '**1 added · 0 modified · 0 removed**\n' +
  '\n---\n\n## ➕ Added: `db.yaml`\n\n```yaml\nkind: Database\n```\n';
const childBody = childSummary
  .replace('# Kratix Dry Run Summary\n\n', '')
  .replaceAll('## Pipeline: ', '### Pipeline: ');

const composeContent =
  '**1 added · 0 modified · 0 removed**\n' +
  '\n---\n\n## ➕ Added: `storefront-db.yaml`\n\n```yaml\n' +
  'kind: postgresql\nmetadata:\n  name: storefront-db\n  labels:\n    kratix.io/parent-resource-name: storefront' +
  '\n```\n';

const compoundSummary =
  '# Kratix Dry Run Summary\n\n' +
  '## Compound request: `web-app` / `storefront`\n\n' +
  '### Pipeline: `compose`\n\n' +
  composeContent +
  '\n' +
  '\n---\n\n## Component request: `postgresql` / `storefront-db`\n\n' +
  childBody +
  '\n---\n\n## Component request: `redis` / `storefront-cache`\n\n' +
  '> **Dry run failed.** A Configure Pipeline has failed: instance-configure\n' +
  '\n---\n\n## Component request: `nginx-ingress` / `storefront-ingress`\n\n' +
  '> **Dry run did not complete** within the timeout. No diff available for this component.\n';

const dryRun = (status: KratixDryRun['status']): KratixDryRun => ({
  apiVersion: 'platform.kratix.io/v1alpha1',
  kind: 'DryRun',
  metadata: { name: 'backstage-ci-x1y2z', namespace: 'team-checkout' },
  spec: {
    promiseRef: { name: 'jenkins' },
    resourceRequestRef: { name: 'ci', namespace: 'team-checkout' },
    resource: { env: 'dev', agents: 3 },
  },
  status,
});

describe('parseDryRunSummary', () => {
  it("reads a plain request's pipelines, their counts and every file, a document holding its own fence included", () => {
    const parsed = parseDryRunSummary(plainSummary);
    expect(parsed.components).toEqual([]);
    expect(parsed.pipelines).toEqual([
      {
        pipeline: 'instance-configure',
        added: 2,
        modified: 1,
        removed: 1,
        files: [
          { path: 'README.md', change: 'added', text: readme.trimEnd() },
          {
            path: 'service.yaml',
            change: 'added',
            text: 'kind: Service\nmetadata:\n  name: ci',
          },
          {
            path: 'jenkins-instance.yaml',
            change: 'modified',
            text: '--- a/jenkins-instance.yaml\n+++ b/jenkins-instance.yaml\n kind: Jenkins\n-replicas: 1\n+replicas: 2',
          },
          { path: 'old.yaml', change: 'removed', text: 'kind: ConfigMap' },
        ],
      },
      { pipeline: 'notify', added: 0, modified: 0, removed: 0, files: [] },
    ]);
  });

  it("reads a compound request's own pipelines and each component's, or its note", () => {
    const parsed = parseDryRunSummary(compoundSummary);
    expect(parsed.pipelines).toEqual([
      {
        pipeline: 'compose',
        added: 1,
        modified: 0,
        removed: 0,
        files: [
          expect.objectContaining({
            path: 'storefront-db.yaml',
            change: 'added',
          }),
        ],
      },
    ]);
    expect(parsed.components).toEqual([
      {
        promise: 'postgresql',
        request: 'storefront-db',
        failed: false,
        pipelines: [
          {
            pipeline: 'instance-configure',
            added: 1,
            modified: 0,
            removed: 0,
            files: [
              { path: 'db.yaml', change: 'added', text: 'kind: Database' },
            ],
          },
        ],
      },
      {
        promise: 'redis',
        request: 'storefront-cache',
        failed: true,
        note: 'A Configure Pipeline has failed: instance-configure',
        pipelines: [],
      },
      {
        promise: 'nginx-ingress',
        request: 'storefront-ingress',
        failed: false,
        note: 'Dry run did not complete within the timeout. No diff available for this component.',
        pipelines: [],
      },
    ]);
  });
});

describe('dryRunPreviewOf', () => {
  it('is pending until Kratix sets Completed', () => {
    expect(dryRunPreviewOf(dryRun(undefined))).toEqual({
      supported: true,
      name: 'backstage-ci-x1y2z',
      namespace: 'team-checkout',
      state: 'pending',
      complete: false,
      pipelines: [],
      components: [],
    });
  });

  it('is completed and complete for a plain request whose summary is written (markDryRunCompleted)', () => {
    const preview = dryRunPreviewOf(
      dryRun({
        conditions: [
          {
            type: 'Completed',
            status: 'True',
            reason: 'SummaryWritten',
            message: 'Dry run completed; summary written to output repository',
          },
        ],
      }),
      plainSummary,
    );
    expect(preview).toMatchObject({
      state: 'completed',
      complete: true,
      summary: plainSummary,
    });
    expect(preview.message).toBeUndefined();
    expect(preview.pipelines.map(p => p.pipeline)).toEqual([
      'instance-configure',
      'notify',
    ]);
  });

  it("is failed with Completed=False's message (markDryRunFailed)", () => {
    const preview = dryRunPreviewOf(
      dryRun({
        conditions: [
          {
            type: 'Completed',
            status: 'False',
            reason: 'PipelineFailed',
            message: 'A Configure Pipeline has failed: instance-configure',
          },
        ],
      }),
    );
    expect(preview).toMatchObject({
      state: 'failed',
      complete: false,
      message: 'A Configure Pipeline has failed: instance-configure',
      pipelines: [],
    });
  });

  it('is completed but not complete when ComponentsSucceeded is False, with each component from the status and its diff from the summary', () => {
    const preview = dryRunPreviewOf(
      dryRun({
        conditions: [
          { type: 'Completed', status: 'True', reason: 'SummaryWritten' },
          {
            type: 'ComponentsSucceeded',
            status: 'False',
            reason: 'ComponentDryRunFailed',
            message:
              'Preview is incomplete; these components failed: redis/storefront-cache',
          },
        ],
        components: [
          {
            promise: 'nginx-ingress',
            request: 'storefront-ingress',
            namespace: 'team-checkout',
            dryRun: 'backstage-sf-a-nginx-ingress-storefront-ingress-11111',
            phase: 'Pending',
          },
          {
            promise: 'postgresql',
            request: 'storefront-db',
            namespace: 'team-checkout',
            dryRun: 'backstage-sf-a-postgresql-storefront-db-22222',
            phase: 'Succeeded',
          },
          {
            promise: 'redis',
            request: 'storefront-cache',
            namespace: 'team-checkout',
            dryRun: 'backstage-sf-a-redis-storefront-cache-33333',
            phase: 'Failed',
            message: 'A Configure Pipeline has failed: instance-configure',
          },
        ],
      }),
      compoundSummary,
    );
    expect(preview).toMatchObject({
      state: 'completed',
      complete: false,
      message:
        'Preview is incomplete; these components failed: redis/storefront-cache',
    });
    expect(
      preview.components.map(c => [
        c.promise,
        c.phase,
        c.message,
        c.pipelines.map(p => p.pipeline),
      ]),
    ).toEqual([
      [
        'nginx-ingress',
        'Pending',
        'Dry run did not complete within the timeout. No diff available for this component.',
        [],
      ],
      ['postgresql', 'Succeeded', undefined, ['instance-configure']],
      [
        'redis',
        'Failed',
        'A Configure Pipeline has failed: instance-configure',
        [],
      ],
    ]);
  });

  it('is complete for a compound request once ComponentsSucceeded is True', () => {
    const preview = dryRunPreviewOf(
      dryRun({
        conditions: [
          { type: 'Completed', status: 'True', reason: 'SummaryWritten' },
          {
            type: 'ComponentsSucceeded',
            status: 'True',
            reason: 'AllComponentsSucceeded',
          },
        ],
        components: [
          {
            promise: 'postgresql',
            request: 'storefront-db',
            dryRun: 'c-1',
            phase: 'Succeeded',
          },
        ],
      }),
    );
    expect(preview).toMatchObject({ state: 'completed', complete: true });
  });
});
