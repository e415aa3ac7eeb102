// `yarn test:install`: installs the suite into a stock Backstage app the way each package's
// README says, and checks through HTTP that it works there. Each step is a module of
// scripts/install/:
//
//  1. pack.mjs: builds the six plugin packages (root `yarn tsc` for dist-types,
//     `backstage-cli repo build`) and packs each with `yarn pack` (Backstage's prepack runs);
//  2. stockApp.mjs: a stock app from a pinned @backstage/create-app, its @backstage/* ranges
//     aligned with the versions this repository's yarn.lock resolves, cached between runs;
//  3. readmeChecks.mjs (reading with readme.mjs) and addSuite.mjs: adds the tarballs (root
//     `resolutions` → `file:` tarball) and follows each README's Installation section as
//     printed: each backend package's `yarn --cwd <workspace> add` lines, `ts` blocks for
//     packages/backend/src/index.ts and `diff` blocks (the suite's policy in place of
//     create-app's allow-all one); the frontend's lines are checked to appear verbatim (up to
//     whitespace and prettier's trailing commas) in its README;
//  4. installApp.mjs: `yarn install`, `yarn tsc` in the stock app; frontendCheck.mjs: the
//     frontend README's `page:kratix` entry added to its app-config.yaml (the Kratix page at a
//     path other than /kratix), and its frontend built for app-backend to serve;
//  5. scenarios.mjs: starts its backend on a free port with the embedded platform and checks
//     the Kratix API, the catalog's Templates and the scaffolder's `kratix:*` actions
//     (apiChecks.mjs), the app it serves in Chromium (frontendCheck.mjs), then the policy as
//     the stock app's guest (policyChecks.mjs; named in no `admins`): its own request is
//     created and updated, another team's request cannot be updated (403), a Marketplace
//     install is refused (403); then again with the guest in `kratix.embedded.admins`: the
//     install and that update are allowed; then with no `kratix` config (must answer "No
//     Kratix platform configured"), then with `kratix.platform` (a typo: must fail at start
//     naming the key).
//
// Prints `ok <check>` / `FAIL <check>: <reason>` lines (checks.mjs; every check is named in
// config.mjs), then `install: N packages packed, N installed, N checks passed of M`; exits 1
// if a check failed. KRATIX_INSTALL_KEEP=1 keeps the work folder (kept anyway when a check
// fails); KRATIX_INSTALL_FRESH=1 installs a fresh copy of the template instead of the cached
// `app`. The pure steps have unit tests: `node --test scripts/install/`.
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { addSuite } from './install/addSuite.mjs';
import { checkList, timedSteps } from './install/checks.mjs';
import {
  CHECKS,
  CREATE_APP_VERSION,
  PLUGINS,
  ROOT,
  TOOLS_DIR,
} from './install/config.mjs';
import { buildFrontend, mountKratixPage } from './install/frontendCheck.mjs';
import { installApp, typeCheckApp } from './install/installApp.mjs';
import { buildRepository, packPlugins } from './install/pack.mjs';
import { cleanup, killChildrenOnExit, run } from './install/processes.mjs';
import { checkReadmes } from './install/readmeChecks.mjs';
import {
  embeddedAdminScenario,
  embeddedScenario,
  noConfigScenario,
  typoScenario,
} from './install/scenarios.mjs';
import { prepareStockApp, templateDirectory } from './install/stockApp.mjs';

const { pass, fail, skipRest, failedCount } = checkList(CHECKS);
const { step, timings } = timedSteps();
killChildrenOnExit();

if (Number(process.versions.node.split('.')[0]) < 22) {
  skipRest(
    `Node ${process.version}: Backstage needs Node 22 or 24 (source scripts/node-env.sh)`,
  );
  console.log(
    `install: 0 packages packed, 0 installed, 0 checks passed of ${CHECKS.length}`,
  );
  process.exit(1);
}

// ----------------------------------------------------------------------------------- setup
const workDir = mkdtempSync(
  join(process.env.KRATIX_INSTALL_WORKDIR || tmpdir(), 'kratix-install-'),
);
const tarballDir = join(workDir, 'tarballs');
const logDir = join(workDir, 'logs');
mkdirSync(tarballDir);
mkdirSync(logDir);

// `yarn` on PATH for every child, create-app's prerequisite check included: the release this
// repository vendors (a stock app's own yarnPath takes over inside it).
const yarnRelease = readdirSync(join(ROOT, '.yarn/releases')).filter(f =>
  /^yarn-.*\.cjs$/.test(f),
);
const binDir = join(workDir, 'bin');
mkdirSync(binDir);
writeFileSync(
  join(binDir, 'yarn'),
  `#!/bin/sh\nexec "${process.execPath}" "${join(
    ROOT,
    '.yarn/releases',
    yarnRelease.at(-1),
  )}" "$@"\n`,
);
chmodSync(join(binDir, 'yarn'), 0o755);

/** What every step shares: the environment of its commands, where it logs, its checks. */
const ctx = {
  workDir,
  logDir,
  tarballDir,
  env: {
    PATH: `${binDir}:${dirname(process.execPath)}:${process.env.PATH}`,
    YARN_ENABLE_PROGRESS_BARS: '0',
    YARN_ENABLE_TELEMETRY: '0',
    YARN_ENABLE_INLINE_BUILDS: '0',
    FORCE_COLOR: '0',
  },
  pluginInfo: new Map(
    PLUGINS.map(p => {
      const pkg = JSON.parse(
        readFileSync(join(ROOT, 'plugins', p, 'package.json'), 'utf8'),
      );
      return [p, { name: pkg.name, version: pkg.version }];
    }),
  ),
  packed: new Map(), // plugin -> tarball path
  pass,
  fail,
};
/** The stock app as the steps leave it. */
const app = {
  templateDir: templateDirectory(),
  appDir: join(workDir, 'stock-app'),
  templateFromCache: false,
  reusedNodeModules: false,
  appReady: false,
  installed: 0,
};

console.log(`test:install work folder ${workDir}`);
console.log(
  `node ${process.version}, create-app ${CREATE_APP_VERSION}, tools ${TOOLS_DIR}`,
);

// ------------------------------------------------------------------------------- steps
await step('build (yarn tsc, backstage-cli repo build)', () =>
  buildRepository(ctx),
);
await step('pack', () => packPlugins(ctx));
await step('stock app (create-app, align @backstage versions)', () =>
  prepareStockApp(ctx, app),
);
const stepsByPlugin = checkReadmes(ctx, app.templateDir);
app.appReady = existsSync(join(app.appDir, 'package.json'));
if (app.appReady) addSuite(app.appDir, { ...ctx, stepsByPlugin });

await step('stock app yarn install', async () => {
  if (app.appReady) await installApp(ctx, app, stepsByPlugin);
});
await step('stock app yarn tsc', async () => {
  if (app.appReady) await typeCheckApp(ctx, app);
});
// The Kratix page mounted elsewhere as the frontend README says; the app built for app-backend.
await step('stock app frontend build', async () => {
  if (!app.appReady) return;
  mountKratixPage(app.appDir, { pass, fail });
  await buildFrontend({
    appDir: app.appDir,
    run,
    env: ctx.env,
    log: join(logDir, 'frontend.log'),
    fail,
  });
});

if (app.appReady) {
  const dataDir = join(workDir, 'data');
  await step('embedded platform', () =>
    embeddedScenario(ctx, app.appDir, dataDir),
  );
  await step('embedded platform, guest an admin', () =>
    embeddedAdminScenario(ctx, app.appDir, dataDir),
  );
  await step('no kratix config', () => noConfigScenario(ctx, app.appDir));
  await step('kratix.platform typo', () => typoScenario(ctx, app.appDir));
}

// ---------------------------------------------------------------------------------- report
skipRest(
  app.appReady
    ? 'an earlier step failed'
    : 'the stock app could not be installed',
);
const failed = failedCount();
const total = timings.reduce((sum, [, s]) => sum + s, 0);
console.log(
  `timings: ${timings
    .map(([l, s]) => `${l.split(' (')[0]} ${s.toFixed(0)} s`)
    .join(', ')}; total ${total.toFixed(0)} s; template ${
    app.templateFromCache ? 'from cache' : 'created'
  }, node_modules ${app.reusedNodeModules ? 'reused' : 'installed afresh'}`,
);
if (failed === 0 && process.env.KRATIX_INSTALL_KEEP !== '1')
  rmSync(workDir, { recursive: true, force: true });
else console.log(`work folder kept: ${workDir} (logs in ${logDir})`);
console.log(
  `install: ${ctx.packed.size} packages packed, ${app.installed} installed, ${
    CHECKS.length - failed
  } checks passed of ${CHECKS.length}`,
);
cleanup();
process.exit(failed === 0 ? 0 : 1);
