// The install test's report (checks.mjs).
// Run: node --test scripts/install/
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkList, oneLine } from './checks.mjs';

test('each check counts once; the rest fail as not run', () => {
  const printed = [];
  const checks = checkList(['a', 'b', 'c'], line => printed.push(line));
  checks.pass('a');
  checks.fail('a', 'too late'); // the first outcome counts
  checks.fail('b', 'broke\n  here');
  checks.skipRest('an earlier step failed');
  assert.deepEqual(printed, [
    'ok a',
    'FAIL b: broke here',
    'FAIL c: not run: an earlier step failed',
  ]);
  assert.equal(checks.failedCount(), 2);
});

test('a check no summary counts cannot be reported', () => {
  const checks = checkList(['a'], () => undefined);
  assert.throws(() => checks.pass('z'), /unknown check z/);
});

test('a reason is one line of at most 600 characters', () => {
  assert.equal(oneLine(' a\n\tb  c '), 'a b c');
  const long = oneLine('x'.repeat(700));
  assert.equal(long.length, 601);
  assert.ok(long.endsWith('…'));
});
