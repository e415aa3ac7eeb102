import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');

async function waitFor(url: string, timeoutMs: number): Promise<void> {
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
 * Starts the app the way the README does (`yarn start`: frontend :3000, backend :7007) on
 * its embedded default, with a fresh data folder so every run starts from the seed.
 */
export async function startApp(): Promise<{
  baseUrl: string;
  stop(): void;
  /** The app's last lines of output, to explain a failed step. */
  output(): string;
}> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kratix-e2e-data-'));
  const child: ChildProcess = spawn('yarn', ['start'], {
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
  });
  let output = '';
  child.stdout?.on('data', d => (output = (output + d).slice(-20000)));
  child.stderr?.on('data', d => (output = (output + d).slice(-20000)));
  const stop = () => {
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
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
  return { baseUrl: 'http://localhost:3000', stop, output: () => output };
}
