/*
 * A local S3-compatible server for tests: tools/s3-server (gofakes3 in memory, one access key
 * accepted), built once per version of its sources into
 * $KRATIX_TOOLS_DIR/s3-server/<hash of go.mod, go.sum and main.go>/s3-server and started on a
 * free port of 127.0.0.1. Needs Go on PATH for the first build only.
 */
import { ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';

const SOURCES = ['go.mod', 'go.sum', 'main.go'];

/** tools/s3-server of the checkout the tests run in (from the repository root or a package). */
function moduleDir(): string {
  for (let dir = process.cwd(); ; dir = dirname(dir)) {
    const candidate = join(dir, 'tools', 's3-server');
    if (existsSync(join(candidate, 'go.mod'))) return candidate;
    if (dirname(dir) === dir)
      throw new Error(`No tools/s3-server above ${process.cwd()}`);
  }
}

function binaryPath(): string {
  const hash = createHash('sha256');
  for (const name of SOURCES)
    hash.update(name).update(readFileSync(join(moduleDir(), name)));
  const tools =
    process.env.KRATIX_TOOLS_DIR ??
    join(homedir(), '.cache', 'kratix-backstage');
  return join(tools, 's3-server', hash.digest('hex').slice(0, 16), 's3-server');
}

/**
 * Whether the server can be had here: built already, or Go is on PATH to build it. Only
 * when neither holds is a test of a bucket skipped.
 * @internal
 */
export function s3ServerAvailable(): boolean {
  return (
    existsSync(binaryPath()) ||
    spawnSync('go', ['version'], { stdio: 'ignore' }).status === 0
  );
}

/** Builds the server unless this version of its sources is built already. */
async function buildS3Server(): Promise<string> {
  const binary = binaryPath();
  if (existsSync(binary)) return binary;
  const staging = `${binary}.building-${process.pid}`;
  await mkdir(join(binary, '..'), { recursive: true });
  try {
    await promisify(execFile)('go', ['build', '-o', staging, '.'], {
      cwd: moduleDir(),
      env: { ...process.env, CGO_ENABLED: '0' },
    });
    await rename(staging, binary);
  } finally {
    await rm(staging, { force: true });
  }
  return binary;
}

/** A running server. @internal */
export interface S3Server {
  /** `127.0.0.1:<port>`: a BucketStateStore's `spec.endpoint` (with `insecure: true`). */
  endpoint: string;
  close(): Promise<void>;
}

/** Starts the server with the buckets created and only `accessKey` accepted. @internal */
export async function startS3Server(options: {
  buckets: string[];
  accessKey: string;
}): Promise<S3Server> {
  const binary = await buildS3Server();
  const child: ChildProcess = spawn(
    binary,
    ['-buckets', options.buckets.join(','), '-access-key', options.accessKey],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', chunk => (stderr += String(chunk)));
  const port = await new Promise<number>((resolvePort, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', line => resolvePort(JSON.parse(line).port));
    child.once('error', reject);
    child.once('exit', code =>
      reject(new Error(`s3-server exited with ${code}: ${stderr.trim()}`)),
    );
  });
  return {
    endpoint: `127.0.0.1:${port}`,
    close: () =>
      new Promise<void>(done => {
        if (child.exitCode !== null) {
          done();
          return;
        }
        child.once('exit', () => done());
        // Closing its standard input ends it; the kill is for a server that is stuck.
        child.stdin?.end();
        setTimeout(() => child.kill('SIGKILL'), 2000).unref();
      }),
  };
}
