// The stock app's backend, started for one scenario of scripts/test-install.mjs: on a given
// port with extra config, until it answers readiness; and the stock app's guest token.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { http, sleep } from './http.mjs';
import { errorLines, start } from './processes.mjs';

/** Starts the backend with `kratixYaml` added to its config (log `backend-<label>.log`). */
export function startBackend({ env, logDir }, appDir, label, kratixYaml, port) {
  const configFile = join(appDir, 'app-config.kratix-test.yaml');
  writeFileSync(
    configFile,
    [
      `# written by scripts/test-install.mjs (${label})`,
      'app:',
      `  baseUrl: http://localhost:${port}`,
      'backend:',
      `  baseUrl: http://localhost:${port}`,
      '  listen:',
      `    port: ${port}`,
      '    host: 127.0.0.1',
      '  cors:',
      `    origin: http://localhost:${port}`,
      kratixYaml,
      '',
    ].join('\n'),
  );
  // What `backstage-cli package start` runs, without its watcher: the backend's own exit
  // code then reaches us (the CLI keeps waiting for file changes after a crash).
  const transform = join(
    appDir,
    'node_modules/@backstage/cli-node/config/nodeTransform.cjs',
  );
  return start(
    process.execPath,
    [
      '--enable-source-maps',
      '--require',
      transform,
      'src/index',
      '--config',
      join(appDir, 'app-config.yaml'),
      '--config',
      configFile,
    ],
    {
      cwd: join(appDir, 'packages/backend'),
      env: {
        ...env,
        NODE_ENV: 'development',
        ESBK_TSCONFIG_PATH: join(appDir, 'tsconfig.json'),
      },
      log: join(logDir, `backend-${label}.log`),
    },
  );
}

/** Whether the backend answers its readiness probe with 200. */
export async function readinessOk(port) {
  try {
    const r = await http(
      `http://127.0.0.1:${port}/.backstage/health/v1/readiness`,
      { timeoutMs: 3_000 },
    );
    return r.status === 200;
  } catch {
    return false; // not listening yet
  }
}

/** Undefined once the backend answers readiness; else why it did not within `timeoutMs`. */
export async function waitReady(backend, port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (backend.code !== undefined)
      return `exited ${
        backend.code ?? backend.signal
      } before readiness: ${errorLines(backend.output)}`;
    if (await readinessOk(port)) return undefined;
    await sleep(500);
  }
  return `no readiness within ${timeoutMs / 1000} s: ${errorLines(
    backend.output,
  )}`;
}

/** A token of the stock app's guest user. */
export async function guestToken(port) {
  const r = await http(`http://127.0.0.1:${port}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  const token = r.json?.backstageIdentity?.token;
  if (!token)
    throw new Error(
      `GET /api/auth/guest/refresh answered ${r.status} ${r.text.slice(
        0,
        300,
      )}`,
    );
  return token;
}
