/*
 * The real platform the scenarios run against (tools/kratix-platform, started by
 * scripts/test-kratix.mjs): the Kubernetes API server, kube-controller-manager, the Kratix
 * controller and the pipeline runner, with a git state store over HTTP. What the scenarios do
 * as the cluster's administrator goes through the kubectl built with it.
 */
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { KubeConfig } from '@kubernetes/client-node';
import { parseAllDocuments, stringify } from 'yaml';

const run = promisify(execFile);

/** The scenarios' folder: they read their test Promises and the repository's files from it. */
// eslint-disable-next-line no-restricted-syntax -- test code reads fixtures beside it
export const scenarioDir = path.dirname(__dirname);

/** The repository's root. */
export const repositoryRoot = path.resolve(scenarioDir, '../../../..');

/** What `kratix-platform up` wrote to platform.json. */
export interface RealPlatformInfo {
  server: string;
  caFile: string;
  adminKubeconfig: string;
  gitUrl: string;
  stateStoreUrl: string;
  stateStorePath: string;
  kubernetesVersion: string;
  kratixVersion: string;
  startSeconds: number;
  userTokens: Record<string, string>;
}

/**
 * Why no real platform runs (no Go, a failed build), as scripts/test-kratix.mjs says; the
 * scenario files then declare their tests skipped, so each is counted as not run.
 */
export const platformUnavailable = process.env.KRATIX_PLATFORM_UNAVAILABLE;

/** `describe` with a real platform, `describe.skip` without one. */
export const describeWithPlatform = platformUnavailable
  ? describe.skip
  : describe;

/** The running platform, from the environment scripts/test-kratix.mjs sets. */
export function realPlatformInfo(): RealPlatformInfo & { bin: string } {
  if (platformUnavailable) {
    // Never used: every test of a skipped describe is left unrun.
    return { bin: '', userTokens: {} } as unknown as RealPlatformInfo & {
      bin: string;
    };
  }
  const file = process.env.KRATIX_PLATFORM_JSON;
  const bin = process.env.KRATIX_PLATFORM_BIN;
  if (!file || !bin) {
    throw new Error(
      'the scenarios run against a real platform: run them with `yarn test:kratix`',
    );
  }
  return { ...JSON.parse(fs.readFileSync(file, 'utf8')), bin };
}

export class RealPlatform {
  constructor(readonly info: RealPlatformInfo & { bin: string }) {}

  /** kubectl as the cluster's administrator. */
  async kubectl(args: string[], stdin?: string): Promise<string> {
    const child = run(
      path.join(this.info.bin, 'kubectl'),
      ['--kubeconfig', this.info.adminKubeconfig, ...args],
      { maxBuffer: 64 * 1024 * 1024 },
    );
    if (stdin !== undefined) {
      child.child.stdin?.end(stdin);
    }
    const { stdout } = await child;
    return stdout;
  }

  /** Applies documents as the administrator (server-side apply). */
  async apply(documents: object[]): Promise<void> {
    await this.kubectl(
      ['apply', '--server-side', '--force-conflicts', '-f', '-'],
      documents.map(d => stringify(d)).join('---\n'),
    );
  }

  /**
   * Applies a YAML file as the administrator, taking over the fields others manage (an
   * aggregated ClusterRole's rules, on a platform the scenarios ran against before).
   */
  async applyFile(file: string): Promise<void> {
    await this.kubectl([
      'apply',
      '--server-side',
      '--force-conflicts',
      '-f',
      file,
    ]);
  }

  /** One object as JSON, or undefined when it does not exist. */
  async get(resource: string, name: string, namespace?: string): Promise<any> {
    try {
      return JSON.parse(
        await this.kubectl([
          'get',
          resource,
          name,
          '-o',
          'json',
          ...(namespace ? ['--namespace', namespace] : []),
        ]),
      );
    } catch (error) {
      if (String((error as Error).message).includes('NotFound'))
        return undefined;
      throw error;
    }
  }

  /** Objects of a resource, optionally selected by labels, across namespaces. */
  async list(resource: string, selector?: string): Promise<any[]> {
    const out = await this.kubectl([
      'get',
      resource,
      '--all-namespaces',
      '-o',
      'json',
      ...(selector ? ['-l', selector] : []),
    ]);
    return JSON.parse(out).items;
  }

  /** A token of a service account, from the TokenRequest API. */
  async serviceAccountToken(namespace: string, name: string): Promise<string> {
    return (
      await this.kubectl([
        'create',
        'token',
        name,
        '--namespace',
        namespace,
        '--duration',
        '2h',
      ])
    ).trim();
  }

  /** A client configuration for the API server with a bearer token. */
  kubeConfig(token: string, name = 'real'): KubeConfig {
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [
        {
          name,
          server: this.info.server,
          caData: fs.readFileSync(this.info.caFile).toString('base64'),
        },
      ],
      users: [{ name, token }],
      contexts: [{ name, cluster: name, user: name }],
      currentContext: name,
    });
    return kc;
  }

  /** The state store's files (path to text) at its newest commit, and that commit. */
  stateStoreFiles(): { commit: string; files: Map<string, string> } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'state-store-'));
    try {
      execFileSync('git', ['clone', '--quiet', this.info.stateStorePath, dir]);
      const commit = execFileSync('git', ['-C', dir, 'rev-parse', 'HEAD'], {
        encoding: 'utf8',
      }).trim();
      const files = readTree(dir);
      return { commit, files };
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  /** The subjects of the state store's commits, newest first. */
  stateStoreSubjects(): string[] {
    return execFileSync(
      'git',
      ['-C', this.info.stateStorePath, 'log', '--format=%s'],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    )
      .split('\n')
      .filter(Boolean);
  }
}

/** Every file below a folder (path relative to it, to text), `.git` left out; none if absent. */
export function readTree(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (folder: string) => {
    const full = path.join(root, folder);
    if (!fs.existsSync(full)) return;
    for (const entry of fs.readdirSync(full, { withFileTypes: true })) {
      const relative = folder ? `${folder}/${entry.name}` : entry.name;
      if (relative === '.git') continue;
      if (entry.isDirectory()) walk(relative);
      else
        files.set(relative, fs.readFileSync(path.join(root, relative), 'utf8'));
    }
  };
  walk('');
  return files;
}

/** Parses a multi-document YAML file of this folder's test Promises. */
export function readTestDocuments(file: string): any[] {
  return parseAllDocuments(
    fs.readFileSync(path.join(scenarioDir, 'promises', file), 'utf8'),
  ).map(d => d.toJS());
}

/** Polls until `check` answers a value, or fails naming what was awaited. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  timeoutMs = 90_000,
  intervalMs = 500,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value as T;
    } catch (error) {
      lastError = error;
    }
    await new Promise(r => setTimeout(r, intervalMs));
  }
  throw new Error(
    `timed out after ${timeoutMs / 1000} s waiting for ${what}${
      lastError ? ` (last error: ${(lastError as Error).message})` : ''
    }`,
  );
}
