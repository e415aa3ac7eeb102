// Step 1 of scripts/test-install.mjs: builds the repository and packs each plugin package with
// `yarn pack` (Backstage's prepack runs), as a user's registry would receive it.
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PLUGINS, ROOT } from './config.mjs';
import { describeRun, run } from './processes.mjs';

/** Root `yarn tsc` (the declarations the packages ship) and `backstage-cli repo build`. */
export async function buildRepository({ env, logDir }) {
  const tsc = await run('yarn', ['tsc'], {
    cwd: ROOT,
    env,
    log: join(logDir, 'build.log'),
    timeoutMs: 10 * 60_000,
  });
  // Declarations are emitted even with type errors; packing tells whether they are usable.
  if (tsc.code !== 0)
    console.log(`note: root yarn tsc: ${describeRun(tsc, 'tsc')}`);
  const build = await run('yarn', ['backstage-cli', 'repo', 'build'], {
    cwd: ROOT,
    env,
    log: join(logDir, 'build.log'),
    timeoutMs: 10 * 60_000,
  });
  if (build.code !== 0)
    console.log(`note: ${describeRun(build, 'backstage-cli repo build')}`);
}

/**
 * Packs every plugin, two at a time (Backstage's prepack is mostly one busy core), each into
 * its own folder of `tarballDir`; the tarballs made go into `packed` (plugin → path).
 */
export async function packPlugins({
  env,
  logDir,
  tarballDir,
  packed,
  pass,
  fail,
}) {
  const queue = [...PLUGINS];
  const outcomes = new Map();
  const worker = async () => {
    for (let plugin = queue.shift(); plugin; plugin = queue.shift()) {
      const out = join(tarballDir, plugin);
      mkdirSync(out);
      const r = await run('yarn', ['pack', '--out', join(out, '%s-%v.tgz')], {
        cwd: join(ROOT, 'plugins', plugin),
        env,
        log: join(logDir, `pack-${plugin}.log`),
        timeoutMs: 5 * 60_000,
      });
      const made = readdirSync(out).filter(f => f.endsWith('.tgz'));
      outcomes.set(plugin, {
        r,
        tarball: made.length === 1 ? join(out, made[0]) : undefined,
      });
    }
  };
  await Promise.all([worker(), worker()]);
  for (const plugin of PLUGINS) {
    const { r, tarball } = outcomes.get(plugin);
    if (r.code === 0 && tarball) {
      packed.set(plugin, tarball);
      pass(`pack ${plugin}`);
    } else {
      fail(`pack ${plugin}`, describeRun(r, 'yarn pack'));
    }
  }
}
