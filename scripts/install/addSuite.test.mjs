// Applying the READMEs' lines to the stock app's files (addSuite.mjs).
// Run: node --test scripts/install/
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { withAppFeatures, withBackendSteps } from './addSuite.mjs';
import { ROOT } from './config.mjs';
import { installationSection, readmeSteps } from './readme.mjs';
import { STOCK_APP_TSX, STOCK_BACKEND_INDEX } from './stockAppFixture.mjs';

const stepsOf = plugin =>
  readmeSteps(
    installationSection(
      readFileSync(join(ROOT, 'plugins', plugin, 'README.md'), 'utf8'),
    ),
  );
const BACKEND_PLUGINS = [
  'kratix-backend',
  'catalog-backend-module-kratix',
  'scaffolder-backend-module-kratix',
];

test("the suite's policy replaces allow-all, and each backend.add lands before start", () => {
  const out = withBackendSteps(
    STOCK_BACKEND_INDEX,
    BACKEND_PLUGINS.map(stepsOf),
  );
  assert.ok(!out.includes('allow-all-policy'));
  const lines = out.split('\n');
  const start = lines.indexOf('backend.start();');
  for (const name of [
    "backend.add(import('@kratix-backstage/plugin-kratix-backend/policy'));",
    "backend.add(import('@kratix-backstage/plugin-kratix-backend'));",
  ]) {
    const at = lines.indexOf(name);
    assert.ok(at >= 0 && at < start, `${name} before backend.start()`);
  }
  assert.equal(lines.filter(l => l === 'backend.start();').length, 1);
});

test('a statement the stock file already has is not added twice', () => {
  const steps = {
    adds: [],
    replacements: [],
    statements: [
      "backend.add(import('@backstage/plugin-catalog-backend'));",
      "backend.add(import('@example/new'));",
    ],
  };
  const out = withBackendSteps(STOCK_BACKEND_INDEX, [steps]);
  assert.equal(
    out.split("import('@backstage/plugin-catalog-backend')").length,
    2,
  );
  assert.match(
    out,
    /backend\.add\(import\('@example\/new'\)\);\n\nbackend\.start\(\);/,
  );
});

test("the frontend's feature joins the stock app's own features", () => {
  const out = withAppFeatures(
    STOCK_APP_TSX,
    ["import kratixPlugin from '@kratix-backstage/plugin-kratix/alpha';"],
    ['kratixPlugin'],
  );
  assert.match(
    out,
    /import \{ homeModule \} from '\.\/modules\/home';\nimport kratixPlugin from '@kratix-backstage\/plugin-kratix\/alpha';\n/,
  );
  assert.match(
    out,
    /features: \[catalogPlugin, navModule, homeModule, kratixPlugin\]/,
  );
});

test('into an empty features array, the feature alone', () => {
  const out = withAppFeatures(
    "import { createApp } from 'x';\nexport default createApp({ features: [] });\n",
    [],
    ['kratixPlugin'],
  );
  assert.match(out, /features: \[kratixPlugin\]/);
});
