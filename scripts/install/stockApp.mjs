// Step 2 of scripts/test-install.mjs: the stock app, created by a pinned @backstage/create-app
// with its @backstage/* ranges aligned to this repository's yarn.lock (scripts/bump-backstage.mjs).
// Cached per create-app version and those versions in
// $KRATIX_TOOLS_DIR/stock-app/create-app-<version>-<hash>/: `template` (create-app's output
// with aligned ranges) and `app` (the template installed by an earlier run; its node_modules
// are reused so a warm install rebuilds no native module). Each run resets `app`'s files to
// the template, keeping node_modules, yarn.lock and yarn's install state; a second run at the
// same time uses a fresh copy.
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { CREATE_APP_VERSION, ROOT, TOOLS_DIR } from './config.mjs';
import { describeRun, run } from './processes.mjs';

/**
 * A short hash of the create-app version and every `@backstage/*` entry of a yarn.lock with
 * the version it resolves to: the stock app's cache key.
 */
export function backstageVersionsKey(yarnLock, createAppVersion) {
  const lines = yarnLock.split('\n');
  const entries = [];
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].startsWith('"@backstage/')) continue;
    const version = lines[i + 1]?.match(/^ {2}version:? "?([^"\s]+)"?$/)?.[1];
    entries.push(`${lines[i]}=${version}`);
  }
  return createHash('sha256')
    .update(`${createAppVersion}\n${entries.sort().join('\n')}`)
    .digest('hex')
    .slice(0, 12);
}

// What an earlier install made, kept when `app` is reset to the template.
const KEPT = [
  'node_modules',
  'packages/app/node_modules',
  'packages/backend/node_modules',
  'yarn.lock',
  '.yarn/install-state.gz',
];

/** Resets `dir` to `templateDir`, keeping KEPT (moved aside and back); whether node_modules was. */
function resetToTemplate(dir, templateDir) {
  const aside = `${dir}.kept-${process.pid}`;
  rmSync(aside, { recursive: true, force: true });
  const moved = [];
  if (existsSync(dir)) {
    for (const rel of KEPT) {
      if (!existsSync(join(dir, rel))) continue;
      mkdirSync(dirname(join(aside, rel)), { recursive: true });
      renameSync(join(dir, rel), join(aside, rel));
      moved.push(rel);
    }
    rmSync(dir, { recursive: true, force: true });
  }
  cpSync(templateDir, dir, { recursive: true });
  for (const rel of moved) {
    rmSync(join(dir, rel), { recursive: true, force: true });
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    renameSync(join(aside, rel), join(dir, rel));
  }
  rmSync(aside, { recursive: true, force: true });
  return moved.includes('node_modules');
}

/** The cached app's lock: a folder holding the owner's pid, taken over from a dead owner. */
function appLock(cacheDir) {
  const lock = join(cacheDir, 'app.lock');
  let owned = false;
  const release = () => {
    if (owned) rmSync(lock, { recursive: true, force: true });
    owned = false;
  };
  process.on('exit', release);
  return {
    take() {
      mkdirSync(cacheDir, { recursive: true });
      for (let attempt = 0; attempt < 2; attempt++) {
        try {
          mkdirSync(lock);
          writeFileSync(join(lock, 'pid'), String(process.pid));
          owned = true;
          return true;
        } catch {
          const pid = Number(
            readFileSync(join(lock, 'pid'), { encoding: 'utf8', flag: 'a+' }),
          );
          let alive = false;
          try {
            alive = pid > 0 && process.kill(pid, 0);
          } catch {
            alive = false;
          }
          if (alive) return false;
          rmSync(lock, { recursive: true, force: true });
        }
      }
      return false;
    },
  };
}

/** create-app's output, its @backstage ranges aligned, copied to `templateDir`; or why not. */
async function createTemplate({ workDir, logDir, env }, templateDir) {
  const building = join(workDir, 'create-app');
  mkdirSync(building, { recursive: true });
  const created = await run(
    'npx',
    [
      '-y',
      `@backstage/create-app@${CREATE_APP_VERSION}`,
      '--path',
      join(building, 'app'),
      '--skip-install',
    ],
    {
      cwd: building,
      env: { ...env, BACKSTAGE_APP_NAME: 'stock-app' },
      log: join(logDir, 'create-app.log'),
      timeoutMs: 10 * 60_000,
    },
  );
  if (created.code !== 0 || !existsSync(join(building, 'app', 'package.json')))
    return describeRun(created, 'create-app');
  const bumped = await run(
    process.execPath,
    [
      join(ROOT, 'scripts/bump-backstage.mjs'),
      join(building, 'app'),
      '--prefer-lock',
      join(ROOT, 'yarn.lock'),
    ],
    {
      cwd: building,
      env,
      log: join(logDir, 'create-app.log'),
      timeoutMs: 5 * 60_000,
    },
  );
  if (bumped.code !== 0) return describeRun(bumped, 'bump-backstage');
  console.log(bumped.output.trim().split('\n').at(-1));
  mkdirSync(dirname(templateDir), { recursive: true });
  const staging = `${templateDir}.tmp-${process.pid}`;
  cpSync(join(building, 'app'), staging, { recursive: true });
  rmSync(templateDir, { recursive: true, force: true });
  renameSync(staging, templateDir);
  return undefined;
}

/** Where the stock app's template is cached for this create-app and these @backstage versions. */
export function templateDirectory() {
  const key = backstageVersionsKey(
    readFileSync(join(ROOT, 'yarn.lock'), 'utf8'),
    CREATE_APP_VERSION,
  );
  return join(
    TOOLS_DIR,
    'stock-app',
    `create-app-${CREATE_APP_VERSION}-${key}`,
    'template',
  );
}

/**
 * The stock app to install into, in `app` (state.appDir): the cached one reset to the
 * template when its lock is free (and KRATIX_INSTALL_FRESH is not 1), else a fresh copy in the
 * work folder. Sets state.templateFromCache and state.reusedNodeModules.
 */
export async function prepareStockApp(ctx, state) {
  const { templateDir } = state;
  const cacheDir = dirname(templateDir);
  if (existsSync(join(templateDir, 'package.json'))) {
    state.templateFromCache = true;
    console.log(`stock app template from cache ${templateDir}`);
  } else {
    const why = await createTemplate(ctx, templateDir);
    if (why) {
      ctx.fail('stock app created', why);
      return;
    }
  }
  const fresh = process.env.KRATIX_INSTALL_FRESH === '1';
  if (!fresh && appLock(cacheDir).take()) {
    state.appDir = join(cacheDir, 'app');
    state.reusedNodeModules = resetToTemplate(state.appDir, templateDir);
  } else {
    console.log(
      `note: using a fresh copy of the stock app (${
        fresh ? 'KRATIX_INSTALL_FRESH=1' : 'the cached one is in use'
      })`,
    );
    cpSync(templateDir, state.appDir, { recursive: true });
  }
  console.log(
    `stock app at ${state.appDir}${
      state.reusedNodeModules ? ' (node_modules of an earlier run reused)' : ''
    }`,
  );
  ctx.pass('stock app created');
}
