// yarn test:kratix: builds and starts the real platform (tools/kratix-platform), runs the
// scenarios against it (packages/backend/src/kratix/*.scenario.test.ts) and prints
//   kratix: N scenarios passed of M; views equal N of M; stand-in equal N of M; fake equal N of M
//   kratix: P passed, F failed, S skipped
// Without Go, or when the build fails, every scenario is counted as skipped outside CI and
// the run fails under CI=true.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPlatform, goAvailable } from './kratix-platform/build.mjs';
import { startPlatform } from './kratix-platform/start.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const scenarioDir = path.join(root, 'packages/backend/src/kratix');
const ci = process.env.CI === 'true';
const COUNTS = [
  ['scenario:', 'scenarios passed'],
  ['views equal:', 'views equal'],
  ['stand-in equal:', 'stand-in equal'],
  ['fake equal:', 'fake equal'],
];

function summary(results) {
  const parts = COUNTS.map(([prefix, label]) => {
    const of = results.filter(r => r.name.startsWith(prefix));
    const passed = of.filter(r => r.status === 'passed').length;
    return `${passed} ${
      label === 'scenarios passed' ? 'scenarios passed' : label
    } of ${of.length}`;
  });
  console.log(
    `kratix: ${parts
      .join('; ')
      .replace(/^(\d+) scenarios passed/, '$1 scenarios passed')}`,
  );
  const passed = results.filter(r => r.status === 'passed').length;
  const failed = results.filter(r => r.status === 'failed').length;
  const skipped = results.filter(
    r => r.status !== 'passed' && r.status !== 'failed',
  ).length;
  console.log(`kratix: ${passed} passed, ${failed} failed, ${skipped} skipped`);
  return failed;
}

/** Runs the scenario files with jest; answers each test's name and status. */
function runScenarios(env) {
  const report = path.join(
    fs.mkdtempSync(path.join(os.tmpdir(), 'kratix-scenarios-')),
    'jest.json',
  );
  const jest = spawnSync(
    'yarn',
    [
      'backstage-cli',
      'package',
      'test',
      '--runInBand',
      // The package's own jest config leaves the scenarios out of the ordinary test run.
      '--testPathIgnorePatterns=/node_modules/',
      '--testPathPatterns',
      'src/kratix/.*\\.scenario\\.test\\.ts$',
      '--json',
      `--outputFile=${report}`,
      ...process.argv.slice(2),
    ],
    {
      cwd: path.join(root, 'packages/backend'),
      stdio: 'inherit',
      env: { ...process.env, CI: 'true', ...env },
    },
  );
  const results = [];
  if (fs.existsSync(report)) {
    const json = JSON.parse(fs.readFileSync(report, 'utf8'));
    for (const file of json.testResults) {
      for (const a of file.assertionResults)
        results.push({ name: a.title, status: a.status });
      // A file that failed to run has no results of its own.
      if (file.status === 'failed' && !file.assertionResults.length) {
        results.push({
          name: `scenario: ${path.basename(file.name)} ran`,
          status: 'failed',
        });
      }
    }
  } else {
    results.push({ name: 'scenario: jest wrote its report', status: 'failed' });
  }
  if (jest.status !== 0 && !results.some(r => r.status === 'failed')) {
    results.push({ name: 'scenario: jest exited cleanly', status: 'failed' });
  }
  return results;
}

/** Without a platform: jest still collects every scenario, each reported as skipped. */
function skipAll(why) {
  console.log(`kratix: ${why}`);
  const failed = summary(runScenarios({ KRATIX_PLATFORM_UNAVAILABLE: why }));
  process.exit(ci || failed ? 1 : 0);
}

if (!goAvailable())
  skipAll(
    'Go is not on PATH, so no real platform can be built; every scenario is skipped',
  );
let build;
try {
  build = buildPlatform();
} catch (error) {
  skipAll(`the real platform did not build: ${error.message}`);
}
console.log(
  `kratix: Kratix ${build.kratixVersion} on Kubernetes ${build.kubernetesVersion}` +
    (build.buildSeconds === null
      ? ' (cached build)'
      : `, built in ${build.buildSeconds} s`),
);
const platform = await startPlatform(build);
console.log(
  `kratix: platform started in ${platform.info.startSeconds.toFixed(1)} s`,
);
let results = [];
try {
  results = runScenarios({
    KRATIX_PLATFORM_JSON: path.join(platform.dir, 'platform.json'),
    KRATIX_PLATFORM_BIN: build.bin,
  });
} finally {
  if (results.some(r => r.status === 'failed')) {
    for (const log of fs.readdirSync(path.join(platform.dir, 'logs'))) {
      const text = fs.readFileSync(
        path.join(platform.dir, 'logs', log),
        'utf8',
      );
      console.log(
        `--- ${log} (last 40 lines)\n${text.split('\n').slice(-40).join('\n')}`,
      );
    }
  }
  await platform.stop();
}
const failed = summary(results);
process.exit(failed ? 1 : 0);
