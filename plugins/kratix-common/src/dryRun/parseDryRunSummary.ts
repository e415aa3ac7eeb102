import { DryRunFileChange, DryRunPipelineDiff } from './types';

/**
 * Reads the markdown summary Kratix's DryRun controller writes into its summary Work
 * (internal/controller/dryrun_controller.go at Kratix HEAD: writeSummary, dryRunRenderDiff
 * and componentSummaryBody). The layout, as that file prints it:
 *
 * - `# Kratix Dry Run Summary`, then per pipeline `## Pipeline: \`name\`` (sections
 *   separated by `---`), its counts `**A added · M modified · R removed**`, then `No changes.`
 *   or per file `## ➕ Added: \`path\`` / `## 🗑️ Removed: \`path\`` with a yaml block, or
 *   `## ✏️ Modified: \`path\`` with a diff block.
 * - A compound request: `## Compound request: \`promise\` / \`request\``, its own pipelines
 *   as `### Pipeline:`, then per component `## Component request: \`promise\` / \`request\``
 *   followed by the component's summary (pipelines as `### Pipeline:`), or a quoted note:
 *   `> **Dry run failed.** <why>`, `> **Dry run did not complete** …`, `> No changes.`.
 */

/** One component section of a compound request's summary. @public */
export interface DryRunSummaryComponent {
  promise: string;
  request: string;
  /** The quoted note in place of a diff: why it failed, or that it did not finish. */
  note?: string;
  failed: boolean;
  pipelines: DryRunPipelineDiff[];
}

/** What a summary says, pipeline by pipeline and component by component. @public */
export interface ParsedDryRunSummary {
  pipelines: DryRunPipelineDiff[];
  components: DryRunSummaryComponent[];
}

// The headings' emoji as the Go source writes them (➕ U+2795; ✏️ and 🗑️ with U+FE0F).
const CHANGE_HEADINGS: Record<string, DryRunFileChange['change']> = {
  '\u2795 Added': 'added',
  '\u270f\ufe0f Modified': 'modified',
  '\ud83d\uddd1\ufe0f Removed': 'removed',
};
const FILE =
  /^## (\u2795 Added|\u270f\ufe0f Modified|\ud83d\uddd1\ufe0f Removed): `(.*)`$/u;
const PIPELINE = /^#{2,3} Pipeline: `(.*)`$/;
const COMPONENT = /^## Component request: `(.*)` \/ `(.*)`$/;
const COUNTS =
  /^\*\*(\d+) added \u00b7 (\d+) modified \u00b7 (\d+) removed\*\*$/;
const FAILED_NOTE = /^> \*\*Dry run failed\.\*\* ?(.*)$/;
const INCOMPLETE_NOTE = /^> (\*\*Dry run did not complete\*\*.*)$/;

const isHeading = (line: string | undefined) =>
  line !== undefined &&
  (FILE.test(line) || PIPELINE.test(line) || COMPONENT.test(line));

/**
 * Whether the fence at `at` closes a file's block: what follows it (blank lines aside) is
 * the end, a heading of the summary, or a `---` rule before one. A document can hold a line
 * of three backticks itself (a markdown file a pipeline wrote); it is not taken for the end.
 */
function closesBlock(lines: string[], at: number): boolean {
  let next = at + 1;
  while (next < lines.length && lines[next] === '') next++;
  if (next >= lines.length) return true;
  if (isHeading(lines[next])) return true;
  if (lines[next] !== '---') return false;
  next++;
  while (next < lines.length && lines[next] === '') next++;
  return next >= lines.length || isHeading(lines[next]);
}

/** Parses a summary; parts it does not recognise are skipped. @public */
export function parseDryRunSummary(markdown: string): ParsedDryRunSummary {
  const lines = markdown.replace(/\r\n/g, '\n').split('\n');
  const result: ParsedDryRunSummary = { pipelines: [], components: [] };
  let scope: { pipelines: DryRunPipelineDiff[] } = result;
  let component: DryRunSummaryComponent | undefined;
  let pipeline: (DryRunPipelineDiff & { counted?: boolean }) | undefined;

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const componentHeading = line.match(COMPONENT);
    const pipelineHeading = line.match(PIPELINE);
    const counts = line.match(COUNTS);
    const file = line.match(FILE);
    const failedNote = component && line.match(FAILED_NOTE);
    const incompleteNote = component && line.match(INCOMPLETE_NOTE);
    if (componentHeading) {
      component = {
        promise: componentHeading[1],
        request: componentHeading[2],
        failed: false,
        pipelines: [],
      };
      result.components.push(component);
      scope = component;
      pipeline = undefined;
    } else if (pipelineHeading) {
      pipeline = {
        pipeline: pipelineHeading[1],
        added: 0,
        modified: 0,
        removed: 0,
        files: [],
      };
      scope.pipelines.push(pipeline);
    } else if (counts && pipeline && !pipeline.counted) {
      pipeline.added = Number(counts[1]);
      pipeline.modified = Number(counts[2]);
      pipeline.removed = Number(counts[3]);
      pipeline.counted = true;
    } else if (file) {
      let open = i + 1;
      while (open < lines.length && lines[open] === '') open++;
      if (!lines[open]?.startsWith('```')) continue;
      let close = open + 1;
      while (
        close < lines.length &&
        !(lines[close] === '```' && closesBlock(lines, close))
      )
        close++;
      pipeline?.files.push({
        path: file[2],
        change: CHANGE_HEADINGS[file[1]],
        text: lines.slice(open + 1, close).join('\n'),
      });
      i = close;
    } else if (component && failedNote) {
      component.failed = true;
      component.note = failedNote[1];
    } else if (component && incompleteNote) {
      component.note = incompleteNote[1].replace(/\*\*/g, '');
    }
  }
  for (const p of allPipelines(result)) {
    // A summary always counts its files; should a line be missing, the files say it.
    if (!(p as { counted?: boolean }).counted) {
      p.added = p.files.filter(f => f.change === 'added').length;
      p.modified = p.files.filter(f => f.change === 'modified').length;
      p.removed = p.files.filter(f => f.change === 'removed').length;
    }
    delete (p as { counted?: boolean }).counted;
  }
  return result;
}

function allPipelines(parsed: ParsedDryRunSummary): DryRunPipelineDiff[] {
  return [...parsed.pipelines, ...parsed.components.flatMap(c => c.pipelines)];
}
