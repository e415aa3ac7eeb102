/* Printing shared by the benchmarks: side-by-side tables and met/MISSED target lines. */
import { loadavg } from 'node:os';

/** A table with a label column and value columns, right-aligned. */
export function printTable(
  headers: string[],
  rows: Array<Array<string | number>>,
): void {
  const cells = [headers, ...rows.map(r => r.map(String))];
  const widths = headers.map((_, c) =>
    Math.max(...cells.map(r => (r[c] ?? '').length)),
  );
  for (const row of cells) {
    // eslint-disable-next-line no-console
    console.log(
      row
        .map((cell, c) =>
          c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c] + 2),
        )
        .join(''),
    );
  }
}

/** A target: its description and whether this run met it. */
export type Target = readonly [string, boolean];

/**
 * Prints each target as `met` or `MISSED`, and makes the run fail (exit code 1) when one was
 * missed: a figure the benchmark prints is also a figure it asserts.
 */
export function reportTargets(targets: Target[]): void {
  for (const [name, ok] of targets) {
    // eslint-disable-next-line no-console
    console.log(`${ok ? 'met   ' : 'MISSED'} ${name}`);
  }
  const missed = targets.filter(([, ok]) => !ok).length;
  // eslint-disable-next-line no-console
  console.log(`${targets.length - missed}/${targets.length} targets met`);
  if (missed) process.exitCode = 1;
}

/** The machine's load averages, to print with the figures. */
export function machineLoad(): string {
  return `load average ${loadavg()
    .map(l => l.toFixed(2))
    .join(', ')}`;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
  ];
}

/** Polls until the check holds, failing after the timeout: every wait loop is bounded. */
export async function waitFor(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  intervalMs = 5,
): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs)
      throw new Error(
        `bench: gave up waiting for ${what} after ${timeoutMs} ms`,
      );
    await new Promise(resolve => setTimeout(resolve, intervalMs));
  }
}
