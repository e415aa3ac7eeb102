/*
 * The app as production runs it: the frontend built once (`yarn workspace app build`,
 * packages/app/dist) and served by the backend itself (@backstage/plugin-app-backend), on a
 * port of its own so the end-to-end suite (:3000, :7007) can run at the same time.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { waitFor, writeLabConfig } from '../app';
import { startFakePlatform } from '../fakePlatform';

const ROOT = resolve(__dirname, '..', '..');

/** Builds the frontend for production; resolves with the seconds it took. */
export function buildApp(): Promise<number> {
  const start = Date.now();
  return new Promise((done, fail) => {
    const child = spawn('yarn', ['workspace', 'app', 'build'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', d => (output = (output + d).slice(-8000)));
    child.stderr.on('data', d => (output = (output + d).slice(-8000)));
    child.on('error', fail);
    child.on('exit', code =>
      code === 0
        ? done((Date.now() - start) / 1000)
        : fail(new Error(`yarn workspace app build exited ${code}\n${output}`)),
    );
  });
}

/** A port nobody listens on now, chosen by the system. */
function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

/** A running backend serving the built app, with the `lab` platform on a fake cluster. */
export interface ProductionApp {
  baseUrl: string;
  /** The lab platform's fake cluster: its URL and the token the app's config holds for it. */
  lab: { url: string; token: string };
  stop(): Promise<void>;
  /** The backend's last lines of output, to explain a failure. */
  output(): string;
}

/**
 * Starts the backend serving packages/app/dist on a free port, with a fresh embedded data
 * folder and the lab platform added by an extra config file.
 */
export async function startProductionApp(): Promise<ProductionApp> {
  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  const cluster = await startFakePlatform();
  const labConfig = writeLabConfig(cluster);
  const dataDir = mkdtempSync(join(tmpdir(), 'kratix-bench-data-'));
  // What `yarn workspace backend start` runs (backstage-cli's runBackend), without its
  // watcher: that restarts the backend whenever a source file it loaded changes, and others
  // may be editing sources while a bench runs.
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--enable-source-maps',
      '--require',
      require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
      'src/index',
      '--config',
      join(ROOT, 'app-config.yaml'),
      '--config',
      labConfig,
    ],
    {
      cwd: join(ROOT, 'packages', 'backend'),
      env: {
        ...process.env,
        NODE_ENV: 'development',
        APP_CONFIG_app_baseUrl: baseUrl,
        APP_CONFIG_backend_baseUrl: baseUrl,
        APP_CONFIG_backend_listen_port: String(port),
        APP_CONFIG_kratix_embedded_dataDir: dataDir,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  let output = '';
  child.stdout?.on('data', d => (output = (output + d).slice(-20000)));
  child.stderr?.on('data', d => (output = (output + d).slice(-20000)));
  const exited = new Promise<void>(done => child.once('exit', () => done()));
  // The backend may outlive a SIGTERM (its graceful shutdown can wait on open connections):
  // after a grace period its whole process group is killed.
  const stop = async () => {
    const signal = (name: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, name);
      } catch {
        // already gone
      }
    };
    signal('SIGTERM');
    const grace = new Promise(done => setTimeout(done, 10_000).unref());
    await Promise.race([exited, grace]);
    signal('SIGKILL');
    await cluster.stop().catch(() => undefined);
    // The config file holds the lab token: it goes with the run, as does the data folder.
    for (const dir of [dirname(labConfig), dataDir])
      rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(`${baseUrl}/.backstage/health/v1/readiness`, 240_000);
    // The backend serves the built app's index page at its root.
    const index = await fetch(baseUrl).then(r => r.text());
    if (!index.includes('<script'))
      throw new Error(`${baseUrl} does not serve the built app`);
  } catch (error) {
    await stop();
    throw new Error(
      `${(error as Error).message}\n--- backend output ---\n${output}`,
    );
  }
  return {
    baseUrl,
    lab: { url: cluster.url, token: cluster.token },
    stop,
    output: () => output,
  };
}
