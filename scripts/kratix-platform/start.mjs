// Starts the real platform (tools/kratix-platform `up`) in a fresh folder and answers what
// its platform.json says, with a stop function.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * @param {{bin: string, kratixModule: string, kratixVersion: string}} build
 * @param {{dir?: string, log?: (line: string) => void, apiServerOnly?: boolean}} options
 *   apiServerOnly: etcd, the API server and Kratix's CRDs, no controllers (benchmarks)
 */
export async function startPlatform(build, options = {}) {
  const dir =
    options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'kratix-platform-'));
  const log = options.log ?? (line => console.log(line));
  const child = spawn(
    path.join(build.bin, 'kratix-platform'),
    [
      'up',
      '--dir',
      dir,
      '--bin',
      build.bin,
      '--kratix-module',
      build.kratixModule,
      '--kratix-version',
      build.kratixVersion,
      ...(options.apiServerOnly ? ['--api-server-only'] : []),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const exited = new Promise(resolve => child.on('exit', resolve));
  const ready = new Promise((resolve, reject) => {
    const onData = chunk => {
      output += chunk;
      for (const line of String(chunk).split('\n').filter(Boolean))
        log(`kratix-platform: ${line}`);
      if (output.includes('platform ready:')) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    exited.then(code =>
      reject(
        new Error(
          `kratix-platform up exited (${code}) before it was ready:\n${output}`,
        ),
      ),
    );
  });
  await ready;
  const info = JSON.parse(
    fs.readFileSync(path.join(dir, 'platform.json'), 'utf8'),
  );
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
  };
  return { dir, info, stop };
}
