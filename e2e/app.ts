import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startFakePlatform } from './fakePlatform';

const ROOT = resolve(__dirname, '..');

/** The second platform the suite is started with: `lab`, in kubernetes mode on the fake cluster. */
export const LAB = 'lab';

/** Waits until `url` answers 200, asking once a second. */
export async function waitFor(url: string, timeoutMs: number): Promise<void> {
  const start = Date.now();
  for (;;) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() - start > timeoutMs)
      throw new Error(`${url} did not answer within ${timeoutMs / 1000}s`);
    await new Promise(r => setTimeout(r, 1000));
  }
}

/**
 * Writes the extra config file that adds the `lab` platform on a fake cluster, readable by this
 * user only (its token is in the file, never on a command line); returns its path.
 */
export function writeLabConfig(cluster: {
  url: string;
  token: string;
}): string {
  // JSON is YAML.
  const labConfig = join(
    mkdtempSync(join(tmpdir(), 'kratix-e2e-config-')),
    'app-config.lab.yaml',
  );
  writeFileSync(
    labConfig,
    JSON.stringify({
      kratix: {
        platforms: [
          {
            name: LAB,
            title: 'Lab (fake cluster)',
            mode: 'kubernetes',
            // The guest administers the lab platform too, as it does the embedded one.
            admins: ['user:development/guest'],
            cluster: {
              url: cluster.url,
              token: cluster.token,
              // The fake answers plain http on 127.0.0.1, which the Kubernetes client
              // allows only with TLS verification off.
              skipTLSVerify: true,
            },
          },
        ],
      },
    }),
    { mode: 0o600 },
  );
  return labConfig;
}

/**
 * Starts the app the way the README does (`yarn start`: frontend :3000, backend :7007) on
 * its embedded default, with a fresh data folder so every run starts from the seed, and a
 * second platform, `lab`, in kubernetes mode on a fake platform cluster (fakePlatform.ts),
 * added by an extra config file (its token is in the file, never on a command line).
 */
export async function startApp(): Promise<{
  baseUrl: string;
  /** The lab platform's fake cluster: its URL and the token the app's config holds for it. */
  lab: { url: string; token: string };
  stop(): void;
  /** The app's last lines of output, to explain a failed step. */
  output(): string;
}> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kratix-e2e-data-'));
  const cluster = await startFakePlatform();
  const labConfig = writeLabConfig(cluster);
  const child: ChildProcess = spawn(
    'yarn',
    ['start', '--config', join(ROOT, 'app-config.yaml'), '--config', labConfig],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        BROWSER: 'none',
        APP_CONFIG_kratix_embedded_dataDir: dataDir,
        // The stand-in's pipelines take a while, so a page can be watched turning Ready.
        APP_CONFIG_kratix_embedded_pipelineSeconds: '8',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  let output = '';
  child.stdout?.on('data', d => (output = (output + d).slice(-20000)));
  child.stderr?.on('data', d => (output = (output + d).slice(-20000)));
  const stop = () => {
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
    cluster.stop().catch(() => undefined);
  };
  try {
    await waitFor(
      'http://localhost:7007/.backstage/health/v1/readiness',
      240_000,
    );
    await waitFor('http://localhost:3000', 240_000);
  } catch (error) {
    stop();
    throw new Error(
      `${(error as Error).message}\n--- app output ---\n${output}`,
    );
  }
  return {
    baseUrl: 'http://localhost:3000',
    lab: { url: cluster.url, token: cluster.token },
    stop,
    output: () => output,
  };
}
