// Step 4 of scripts/test-install.mjs: `yarn install` in the stock app (each tarball must land
// in node_modules from this run's file) and `yarn tsc` there.
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { addSuite } from './addSuite.mjs';
import { PLUGINS } from './config.mjs';
import { describeRun, errorLines, run } from './processes.mjs';

/**
 * Why a packed plugin is not installed from its tarball, or undefined when it is: node_modules
 * holds its package at the tarball's version and yarn's install state (`.yarn-state.yml`,
 * `yarnState`) says that folder came from the tarball file.
 */
export function notInstalledFromTarball(
  { appDir, name, tarball, yarnState },
  versionAt = location => {
    const manifest = join(appDir, location, 'package.json');
    return existsSync(manifest)
      ? JSON.parse(readFileSync(manifest, 'utf8')).version
      : undefined;
  },
) {
  const version = tarball.match(/-(\d+\.\d+\.\d+[^/]*)\.tgz$/)?.[1];
  const found = [];
  for (const ws of ['', 'packages/backend/', 'packages/app/']) {
    const location = `${ws}node_modules/${name}`;
    const v = versionAt(location);
    if (v === undefined) continue;
    found.push(`${location}@${v}`);
    const entry = yarnState
      .split('\n\n')
      .find(block => block.includes(`- "${location}"`));
    if (v === version && entry?.includes(`file:${tarball}`)) return undefined;
  }
  return found.length
    ? `found ${found.join(', ')}, not ${version} from ${tarball}`
    : `${name} is not in the stock app's node_modules`;
}

/**
 * `yarn install` (once more from a clean copy of the template when reused node_modules may
 * be at fault), then the `installed <plugin>` checks; counts state.installed.
 */
export async function installApp(ctx, state, stepsByPlugin) {
  const { env, logDir, packed, pluginInfo, pass, fail } = ctx;
  const { appDir } = state;
  const install = () =>
    run('yarn', ['install', '--no-immutable'], {
      cwd: appDir,
      env: { ...env, YARN_ENABLE_IMMUTABLE_INSTALLS: 'false' },
      log: join(logDir, 'install.log'),
      timeoutMs: 20 * 60_000,
    });
  let r = await install();
  if (
    r.code !== 0 &&
    state.reusedNodeModules &&
    packed.size === PLUGINS.length
  ) {
    console.log(
      `note: ${describeRun(
        r,
        'yarn install',
      )}; retrying from a clean copy of the template`,
    );
    rmSync(appDir, { recursive: true, force: true });
    cpSync(state.templateDir, appDir, { recursive: true });
    addSuite(appDir, { packed, pluginInfo, stepsByPlugin });
    state.reusedNodeModules = false;
    r = await install();
  }
  if (r.code === 0) pass('stock app yarn install');
  else {
    state.appReady = false;
    fail('stock app yarn install', describeRun(r, 'yarn install'));
  }
  const stateFile = join(appDir, 'node_modules/.yarn-state.yml');
  const yarnState = existsSync(stateFile)
    ? readFileSync(stateFile, 'utf8')
    : '';
  for (const plugin of PLUGINS) {
    const check = `installed ${plugin}`;
    if (!packed.has(plugin)) {
      fail(check, 'not packed');
      continue;
    }
    const why =
      r.code === 0
        ? notInstalledFromTarball({
            appDir,
            name: pluginInfo.get(plugin).name,
            tarball: packed.get(plugin),
            yarnState,
          })
        : 'yarn install failed';
    if (why) fail(check, why);
    else {
      state.installed++;
      pass(check);
    }
  }
}

/** `yarn tsc` in the stock app, its first errors in the failure. */
export async function typeCheckApp({ env, logDir, pass, fail }, { appDir }) {
  const r = await run('yarn', ['tsc'], {
    cwd: appDir,
    env,
    log: join(logDir, 'tsc.log'),
    timeoutMs: 10 * 60_000,
  });
  if (r.code === 0) pass('stock app tsc');
  else {
    const errors = r.output.split('\n').filter(l => /error TS\d+/.test(l));
    fail(
      'stock app tsc',
      `${errors.length} errors: ${
        errors
          .slice(0, 8)
          .map(l => l.replace(/\x1b\[[0-9;]*m/g, ''))
          .join(' | ') || errorLines(r.output)
      }`,
    );
  }
}
