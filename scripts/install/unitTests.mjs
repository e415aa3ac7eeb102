// The unit tests of the install test's pure steps (scripts/install/*.test.mjs), with node's
// test runner; ends with `install steps: P passed, F failed, S skipped` (scripts/test.sh adds
// it to its totals) and exits 1 when one failed. A test file that cannot load is one failure.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { finished } from 'node:stream/promises';
import { run } from 'node:test';
import { spec } from 'node:test/reporters';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const files = readdirSync(here)
  .filter(f => f.endsWith('.test.mjs'))
  .sort()
  .map(f => join(here, f));

let passed = 0;
let failed = 0;
let skipped = 0;
const tests = run({ files });
tests.on('test:pass', t => {
  if (t.details?.type === 'suite') return;
  if (t.skip || t.todo) skipped++;
  else passed++;
});
tests.on('test:fail', t => {
  if (t.details?.type !== 'suite') failed++;
});
const report = tests.compose(spec);
report.on('data', chunk => process.stdout.write(chunk));
await finished(report);
console.log(
  `install steps: ${passed} passed, ${failed} failed, ${skipped} skipped`,
);
process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
