import { constants, gunzipSync, gzipSync } from 'node:zlib';
import {
  Condition,
  DRY_RUN_KEYS,
  DRY_RUN_RESOURCE,
  deterministicObjectName,
  extractPromiseApi,
  KRATIX_LABELS,
  KRATIX_SYSTEM_NAMESPACE,
  KratixDryRun,
  KratixDryRunComponentStatus,
  KratixPromise,
  KubernetesObject,
  md5Hex,
  Work,
} from '@kratix-backstage/plugin-kratix-common';
import { parseAllDocuments } from 'yaml';
import { FakeKubernetesApi } from './fakeKubernetesApi';

/** What one pipeline of a dry run does: writes these files, or fails. @public */
export interface FakeDryRunPipeline {
  /** The documents it writes to `/kratix/output`, by path. */
  files?: Record<string, string>;
  /** It fails, as a Job whose pod exits non-zero. */
  fails?: boolean;
}

/** The request a DryRun runs the pipelines of. @public */
export interface FakeDryRunRequest {
  promise: string;
  namespace: string;
  /** The live request's name (`resourceRequestRef.name`). */
  request: string;
  spec: Record<string, unknown>;
}

/** What a request's pipelines write in a dry run, by pipeline name. @public */
export type FakeDryRunPipelines = (
  request: FakeDryRunRequest,
) => Record<string, FakeDryRunPipeline>;

/** Kratix's DryRun controller played on a fake API server. @public */
export interface FakeDryRunController {
  /** Reconciles every DryRun until none moves on; returns how many it completed or failed. */
  reconcile(): number;
  /** Reconciles every `intervalMs` (default 20) until stopped, as a running controller would. */
  start(intervalMs?: number): void;
  stop(): void;
}

const API_VERSION = `${DRY_RUN_RESOURCE.group}/${DRY_RUN_RESOURCE.version}`;
const COMPLETED = DRY_RUN_KEYS.completedCondition;

/** A workload's text as Kratix stores it (lib/compression: gzip, then base64). @public */
export function compressWorkload(text: string): string {
  return gzipSync(Buffer.from(text, 'utf8')).toString('base64');
}

function decompress(content: string): string {
  // Tolerates a truncated stream, as some hand-made fixtures are.
  return gunzipSync(Buffer.from(content, 'base64'), {
    finishFlush: constants.Z_SYNC_FLUSH,
  }).toString('utf8');
}

const filesOf = (work: Work): Record<string, string> =>
  Object.fromEntries(
    (work.spec.workloadGroups ?? []).flatMap(g =>
      (g.workloads ?? []).map(w => [w.filepath, decompress(w.content ?? '')]),
    ),
  );

const sorted = (keys: Iterable<string>) =>
  [...keys].sort((a, b) => Number(a > b) - Number(a < b));

/**
 * dryRunLineDiff: a line diff (diffmatchpatch in line mode), each line prefixed with ` `,
 * `-` or `+` and ending in a newline, deletions before insertions in a changed run. Here a
 * longest common subsequence of lines, which gives the same answer for the changes tests make.
 * @public
 */
export function dryRunLineDiff(old: string, updated: string): string {
  const tokens = (text: string) => text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  const a = tokens(old);
  const b = tokens(updated);
  const lcs = Array.from({ length: a.length + 1 }, () =>
    new Array<number>(b.length + 1).fill(0),
  );
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      lcs[i][j] =
        a[i] === b[j]
          ? lcs[i + 1][j + 1] + 1
          : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const runs: Array<{ op: ' ' | '-' | '+'; text: string }> = [];
  const push = (op: ' ' | '-' | '+', text: string) => {
    const last = runs[runs.length - 1];
    if (last?.op === op) last.text += text;
    else runs.push({ op, text });
  };
  let i = 0;
  let j = 0;
  const deleted: string[] = [];
  const inserted: string[] = [];
  const flush = () => {
    if (deleted.length) push('-', deleted.splice(0).join(''));
    if (inserted.length) push('+', inserted.splice(0).join(''));
  };
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      flush();
      push(' ', a[i]);
      i++;
      j++;
    } else if (
      j >= b.length ||
      (i < a.length && lcs[i + 1][j] >= lcs[i][j + 1])
    )
      deleted.push(a[i++]);
    else inserted.push(b[j++]);
  }
  flush();
  return runs
    .map(run =>
      run.text
        .replace(/\n$/, '')
        .split('\n')
        .map(line => `${run.op}${line}\n`)
        .join(''),
    )
    .join('');
}

/** dryRunRenderDiff, as internal/controller/dryrun_controller.go prints it. @public */
export function dryRunRenderDiff(
  prev: Record<string, string>,
  next: Record<string, string>,
): string {
  const added = sorted(Object.keys(next).filter(p => !(p in prev)));
  const modified = sorted(
    Object.keys(next).filter(p => p in prev && prev[p] !== next[p]),
  );
  const removed = sorted(Object.keys(prev).filter(p => !(p in next)));
  let out = `**${added.length} added · ${modified.length} modified · ${removed.length} removed**\n`;
  if (added.length + modified.length + removed.length === 0)
    return `${out}\nNo changes.\n`;
  const trimmed = (text: string) => text.replace(/\n+$/, '');
  for (const path of added)
    out += `\n---\n\n## \u2795 Added: \`${path}\`\n\n\`\`\`yaml\n${trimmed(
      next[path],
    )}\n\`\`\`\n`;
  for (const path of modified)
    out += `\n---\n\n## \u270f\ufe0f Modified: \`${path}\`\n\n\`\`\`diff\n--- a/${path}\n+++ b/${path}\n${dryRunLineDiff(
      prev[path],
      next[path],
    )}\`\`\`\n`;
  for (const path of removed)
    out += `\n---\n\n## \ud83d\uddd1\ufe0f Removed: \`${path}\`\n\n\`\`\`yaml\n${trimmed(
      prev[path],
    )}\n\`\`\`\n`;
  return out;
}

const condition = (
  type: string,
  status: 'True' | 'False',
  reason: string,
  message: string,
): Condition => ({
  type,
  status,
  reason,
  message,
  lastTransitionTime: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
});

/**
 * Plays Kratix's DryRun controller (internal/controller/dryrun_controller.go at Kratix HEAD)
 * on a fake API server: for each DryRun without a `Completed` condition it runs the request's
 * pipelines as `pipelines` says, then
 * - a failing pipeline: `Completed` False, reason PipelineFailed, with the message the
 *   request's ConfigureWorkflowCompleted condition carries (lib/resourceutil/util.go
 *   MarkConfigureWorkflowAsFailed: `A Configure Pipeline has failed: <pipeline>`);
 * - otherwise the ephemeral request (`kratix-dry-run-<name>`, labelled dry-run and
 *   dry-run-owner) and its dry-run Works, a component DryRun for each document labelled
 *   `kratix.io/parent-resource-name` whose kind an installed Promise serves (labelled
 *   dry-run-parent and promise-name; reconciled in turn), then once they are done the
 *   summary Work (writeSummary: the diff of each pipeline's files against the live request's
 *   Works, compound and component sections, compressed, in the DryRun's namespace) and
 *   `Completed` True (SummaryWritten), with status.components and `ComponentsSucceeded` for
 *   a compound request. Components are matched to Promises by API group and kind.
 * @public
 */
export function fakeDryRunController(
  fake: FakeKubernetesApi,
  pipelines: FakeDryRunPipelines,
): FakeDryRunController {
  let timer: NodeJS.Timeout | undefined;
  const dryRuns = () =>
    fake.list(API_VERSION, 'DryRun') as unknown as KratixDryRun[];
  const promises = () =>
    fake.list(API_VERSION, 'Promise') as unknown as KratixPromise[];
  const works = (namespace: string, labels: Record<string, string>) =>
    (fake.list(API_VERSION, 'Work') as unknown as Work[]).filter(
      w =>
        w.metadata.namespace === namespace &&
        Object.entries(labels).every(([k, v]) => w.metadata.labels?.[k] === v),
    );
  const completedOf = (d: KratixDryRun) =>
    d.status?.conditions?.find(c => c.type === COMPLETED);
  const setStatus = (d: KratixDryRun, status: KratixDryRun['status']) =>
    fake.put({
      ...d,
      status: { ...d.status, ...status },
    } as unknown as KubernetesObject);

  const summaryOf = (d: KratixDryRun, namespace: string) => {
    const [work] = works(namespace, {
      [DRY_RUN_KEYS.summary]: 'true',
      [DRY_RUN_KEYS.owner]: d.metadata.name,
    });
    return work && Object.values(filesOf(work))[0];
  };

  /** componentSummaryBody. */
  const componentBody = (child: KratixDryRun, namespace: string) => {
    const done = completedOf(child);
    if (done?.status === 'False')
      return `> **Dry run failed.** ${done.message}\n`;
    if (!done)
      return '> **Dry run did not complete** within the timeout. No diff available for this component.\n';
    const summary = summaryOf(child, namespace);
    if (summary === undefined) return '> No changes.\n';
    return summary
      .replace('# Kratix Dry Run Summary\n\n', '')
      .replaceAll('## Pipeline: ', '### Pipeline: ');
  };

  /** One reconcile of one DryRun; true when it completed or failed. */
  const reconcileOne = (d: KratixDryRun): boolean => {
    const promiseName = d.spec.promiseRef.name;
    const promise = promises().find(p => p.metadata.name === promiseName);
    const api = promise && extractPromiseApi(promise);
    if (!api) return false;
    const namespace = d.metadata.namespace || KRATIX_SYSTEM_NAMESPACE;
    const ref = d.spec.resourceRequestRef;
    const liveNamespace = ref.namespace || namespace;
    const ephemeral = deterministicObjectName(
      `kratix-dry-run-${d.metadata.name}`,
    );
    const runs = pipelines({
      promise: promiseName,
      namespace: liveNamespace,
      request: ref.name,
      spec: d.spec.resource,
    });
    const failed = sorted(Object.keys(runs)).find(p => runs[p].fails);
    if (failed) {
      setStatus(d, {
        conditions: [
          condition(
            COMPLETED,
            'False',
            'PipelineFailed',
            `A Configure Pipeline has failed: ${failed}`,
          ),
        ],
      });
      return true;
    }

    // The ephemeral request and the Works of its pipelines, as Kratix's request controller makes them.
    fake.put({
      apiVersion: api.apiVersion,
      kind: api.kind,
      metadata: {
        name: ephemeral,
        namespace,
        labels: {
          [DRY_RUN_KEYS.dryRun]: 'true',
          [DRY_RUN_KEYS.owner]: d.metadata.name,
        },
        annotations: {
          'kratix.io/dry-run-resource-name': ref.name,
          'kratix.io/dry-run-resource-namespace': liveNamespace,
        },
      },
      spec: d.spec.resource,
    } as KubernetesObject);
    for (const [pipeline, run] of Object.entries(runs)) {
      fake.put({
        apiVersion: API_VERSION,
        kind: 'Work',
        metadata: {
          name: deterministicObjectName(
            `${promiseName}-${ephemeral}-${pipeline}`,
          ),
          namespace,
          labels: {
            [KRATIX_LABELS.promiseName]: promiseName,
            [KRATIX_LABELS.resourceName]: ephemeral,
            [KRATIX_LABELS.pipelineName]: pipeline,
            [KRATIX_LABELS.workType]: 'resource',
            [DRY_RUN_KEYS.dryRun]: 'true',
          },
        },
        spec: {
          promiseName,
          resourceName: ephemeral,
          workloadGroups: [
            {
              id: md5Hex('default'),
              directory: '.',
              workloads: Object.entries(run.files ?? {}).map(
                ([filepath, text]) => ({
                  filepath,
                  content: compressWorkload(text),
                }),
              ),
            },
          ],
        },
      } as unknown as KubernetesObject);
    }

    // ensureComponentDryRuns: one DryRun per component request in the output.
    const served = new Map(
      promises().flatMap(p => {
        const a = extractPromiseApi(p);
        return a ? [[`${a.group}/${a.kind}`, p.metadata.name] as const] : [];
      }),
    );
    for (const pipeline of sorted(Object.keys(runs))) {
      const files = runs[pipeline].files ?? {};
      for (const path of sorted(Object.keys(files))) {
        for (const doc of parseAllDocuments(files[path])) {
          const object = doc.toJS() as KubernetesObject | null;
          if (!object?.metadata?.labels?.[KRATIX_LABELS.parentResourceName])
            continue;
          const group = String(object.apiVersion ?? '').split('/')[0];
          const component = served.get(`${group}/${object.kind}`);
          if (!component) continue;
          const name = deterministicObjectName(
            `${d.metadata.name}-${component}-${object.metadata.name}`,
          );
          if (dryRuns().some(c => c.metadata.name === name)) continue;
          fake.put({
            apiVersion: API_VERSION,
            kind: 'DryRun',
            metadata: {
              name,
              namespace: d.metadata.namespace,
              labels: {
                [DRY_RUN_KEYS.parent]: d.metadata.name,
                [KRATIX_LABELS.promiseName]: component,
              },
            },
            spec: {
              promiseRef: { name: component },
              resourceRequestRef: {
                name: object.metadata.name,
                namespace: object.metadata.namespace || namespace,
              },
              resource: (object as { spec?: object }).spec ?? {},
            },
          } as unknown as KubernetesObject);
        }
      }
    }
    const children = dryRuns()
      .filter(
        c =>
          c.metadata.namespace === d.metadata.namespace &&
          c.metadata.labels?.[DRY_RUN_KEYS.parent] === d.metadata.name,
      )
      .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
    if (children.some(c => !completedOf(c))) return false;

    // writeSummary.
    const live = new Map(
      works(liveNamespace, {
        [KRATIX_LABELS.promiseName]: promiseName,
        [KRATIX_LABELS.resourceName]: ref.name,
      }).map(w => [w.metadata.labels?.[KRATIX_LABELS.pipelineName] ?? '', w]),
    );
    const sections = sorted(Object.keys(runs)).map(pipeline => {
      const liveWork = live.get(pipeline);
      return {
        pipeline,
        content: dryRunRenderDiff(
          liveWork ? filesOf(liveWork) : {},
          runs[pipeline].files ?? {},
        ),
      };
    });
    const components: KratixDryRunComponentStatus[] = children.map(c => {
      const done = completedOf(c)!;
      return {
        promise: c.spec.promiseRef.name,
        request: c.spec.resourceRequestRef.name,
        namespace: c.spec.resourceRequestRef.namespace,
        dryRun: c.metadata.name,
        phase: done.status === 'True' ? 'Succeeded' : 'Failed',
        ...(done.status !== 'True' && { message: done.message }),
      };
    });
    if (sections.length || children.length) {
      let summary = '# Kratix Dry Run Summary\n\n';
      if (!children.length) {
        summary += sections
          .map(s => `## Pipeline: \`${s.pipeline}\`\n\n${s.content}`)
          .join('\n---\n\n');
      } else {
        summary += `## Compound request: \`${promiseName}\` / \`${ref.name}\`\n\n`;
        for (const s of sections)
          summary += `### Pipeline: \`${s.pipeline}\`\n\n${s.content}\n`;
        for (const c of children)
          summary += `\n---\n\n## Component request: \`${
            c.spec.promiseRef.name
          }\` / \`${c.spec.resourceRequestRef.name}\`\n\n${componentBody(
            c,
            namespace,
          )}`;
      }
      fake.put({
        apiVersion: API_VERSION,
        kind: 'Work',
        metadata: {
          name: deterministicObjectName(
            `${promiseName}-${d.metadata.name}-dry-run-summary`,
          ),
          namespace,
          labels: {
            [KRATIX_LABELS.promiseName]: promiseName,
            [KRATIX_LABELS.resourceName]: ephemeral,
            [KRATIX_LABELS.workType]: 'resource',
            [DRY_RUN_KEYS.dryRun]: 'true',
            [DRY_RUN_KEYS.summary]: 'true',
            [DRY_RUN_KEYS.owner]: d.metadata.name,
          },
        },
        spec: {
          promiseName,
          resourceName: ephemeral,
          workloadGroups: [
            {
              id: md5Hex('dry-run-summary'),
              directory: '.',
              workloads: [
                {
                  // dryRunSummaryFilepath: components get their own file.
                  filepath: d.metadata.labels?.[DRY_RUN_KEYS.parent]
                    ? `kratix-dry-run-summary-${d.metadata.name}.md`
                    : 'kratix-dry-run-summary.md',
                  content: compressWorkload(summary),
                },
              ],
            },
          ],
        },
      } as unknown as KubernetesObject);
    }

    // markDryRunCompleted and componentsSucceededCondition.
    const conditions = [
      condition(
        COMPLETED,
        'True',
        'SummaryWritten',
        'Dry run completed; summary written to output repository',
      ),
    ];
    if (components.length) {
      const failedComponents = components
        .filter(c => c.phase === 'Failed')
        .map(c => `${c.promise}/${c.request}`);
      conditions.push(
        failedComponents.length
          ? condition(
              DRY_RUN_KEYS.componentsSucceededCondition,
              'False',
              'ComponentDryRunFailed',
              `Preview is incomplete; these components failed: ${failedComponents.join(
                ', ',
              )}`,
            )
          : condition(
              DRY_RUN_KEYS.componentsSucceededCondition,
              'True',
              'AllComponentsSucceeded',
              'All component dry runs completed',
            ),
      );
    }
    setStatus(d, {
      conditions,
      ...(components.length && { components }),
    });
    return true;
  };

  const reconcile = () => {
    let done = 0;
    for (let progress = true; progress; ) {
      progress = false;
      for (const d of dryRuns()) {
        if (completedOf(d)) continue;
        const before = dryRuns().length;
        if (reconcileOne(d)) {
          done++;
          progress = true;
        } else if (dryRuns().length !== before) progress = true;
      }
    }
    return done;
  };

  return {
    reconcile,
    start(intervalMs = 20) {
      timer ??= setInterval(reconcile, intervalMs);
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}
