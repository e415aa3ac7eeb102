// Reading the READMEs' Installation sections (readme.mjs), on the READMEs as they are.
// Run: node --test scripts/install/
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT } from './config.mjs';
import {
  backendStepsProblems,
  installationSection,
  linesMissing,
  readmeSteps,
} from './readme.mjs';
import { STOCK_BACKEND_INDEX } from './stockAppFixture.mjs';

const section = plugin =>
  installationSection(
    readFileSync(join(ROOT, 'plugins', plugin, 'README.md'), 'utf8'),
  );

test('the Installation section runs from its heading to the next one', () => {
  const readme = '# P\n\n## Installation\n\nstep\n\n## Usage\n\nuse\n';
  assert.equal(installationSection(readme), '# Installation\n\nstep\n\n');
  assert.equal(installationSection('# P\n\n## Usage\n'), undefined);
});

test("kratix-backend's README: its add line, its backend.add and the policy swap", () => {
  const steps = readmeSteps(section('kratix-backend'));
  assert.deepEqual(steps.adds, [
    {
      workspace: 'packages/backend',
      name: '@kratix-backstage/plugin-kratix-backend',
    },
  ]);
  // Only `ts` blocks headed by the file they edit: the policy class example is not a step.
  assert.deepEqual(steps.statements, [
    "backend.add(import('@kratix-backstage/plugin-kratix-backend'));",
  ]);
  assert.deepEqual(steps.replacements, [
    {
      remove: [
        'backend.add(',
        "  import('@backstage/plugin-permission-backend-module-allow-all-policy'),",
        ');',
      ],
      add: [
        "backend.add(import('@kratix-backstage/plugin-kratix-backend/policy'));",
      ],
    },
  ]);
});

test('a call prettier wrapped is one statement; a comment line is one of its own', () => {
  const steps = readmeSteps(
    [
      '```ts',
      '// packages/backend/src/index.ts',
      '// the Kratix module',
      'backend.add(',
      "  import('@kratix-backstage/plugin-scaffolder-backend-module-kratix'),",
      ');',
      '```',
      '',
    ].join('\n'),
  );
  assert.deepEqual(steps.statements, [
    '// the Kratix module',
    "backend.add(\n  import('@kratix-backstage/plugin-scaffolder-backend-module-kratix'),\n);",
  ]);
});

test("every backend README's steps install it into create-app's backend", () => {
  for (const [plugin, name] of [
    ['kratix-backend', '@kratix-backstage/plugin-kratix-backend'],
    [
      'catalog-backend-module-kratix',
      '@kratix-backstage/plugin-catalog-backend-module-kratix',
    ],
    [
      'scaffolder-backend-module-kratix',
      '@kratix-backstage/plugin-scaffolder-backend-module-kratix',
    ],
  ]) {
    const steps = readmeSteps(section(plugin));
    assert.deepEqual(
      backendStepsProblems(steps, name, STOCK_BACKEND_INDEX),
      [],
      plugin,
    );
  }
});

test('steps that cannot install are named', () => {
  const name = '@kratix-backstage/plugin-kratix-backend';
  const steps = {
    adds: [],
    statements: [],
    replacements: [
      { remove: [], add: ['x'] },
      { remove: ['backend.add(somethingElse);'], add: [] },
    ],
  };
  assert.deepEqual(backendStepsProblems(steps, name, STOCK_BACKEND_INDEX), [
    `no \`yarn --cwd <workspace> add ${name}\` line`,
    `no packages/backend/src/index.ts block with backend.add(import('${name}'));`,
    'a diff block removes nothing',
    'the stock packages/backend/src/index.ts has no lines "backend.add(somethingElse);" to replace',
  ]);
});

test("the frontend's lines are in its README, up to whitespace and prettier's commas", () => {
  assert.deepEqual(
    linesMissing(section('kratix'), [
      'yarn --cwd packages/app add @kratix-backstage/plugin-kratix',
      "import kratixPlugin from '@kratix-backstage/plugin-kratix/alpha';",
      'export default createApp({ features: [kratixPlugin] });',
    ]),
    [],
  );
  assert.deepEqual(linesMissing('f(\n  a,\n  b,\n);', ['f(a, b);', 'g();']), [
    'g();',
  ]);
});
