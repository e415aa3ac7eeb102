// The stock app's cache key (stockApp.mjs).
// Run: node --test scripts/install/
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backstageVersionsKey } from './stockApp.mjs';

const lock = (cliVersion, order = 'cli first') => {
  const cli = `"@backstage/cli@npm:^0.34.0":\n  version: ${cliVersion}\n`;
  const core = `"@backstage/core-plugin-api@npm:^1.10.0":\n  version: 1.10.9\n`;
  const other = `"yaml@npm:^2.0.0":\n  version: 2.8.1\n`;
  return order === 'cli first'
    ? `${cli}\n${other}\n${core}`
    : `${core}\n${cli}\n${other}`;
};

test('the key follows the @backstage versions a yarn.lock resolves', () => {
  const key = backstageVersionsKey(lock('0.34.1'), '0.9.2');
  assert.match(key, /^[0-9a-f]{12}$/);
  assert.equal(
    backstageVersionsKey(lock('0.34.1', 'core first'), '0.9.2'),
    key,
  );
  assert.notEqual(backstageVersionsKey(lock('0.34.2'), '0.9.2'), key);
  assert.notEqual(backstageVersionsKey(lock('0.34.1'), '0.9.3'), key);
  const otherYaml = lock('0.34.1').replace('2.8.1', '2.9.0');
  assert.equal(backstageVersionsKey(otherYaml, '0.9.2'), key);
});
