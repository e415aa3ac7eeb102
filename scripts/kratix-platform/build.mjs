// Builds the real platform's programs from tools/kratix-platform (its go.mod pins Kubernetes and
// Kratix) once per version: the binaries are cached under
// $KRATIX_TOOLS_DIR/kratix-platform/<hash of the module's files>/ with a build.json beside them.
import { createHash } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const moduleDir = path.resolve(here, '../../tools/kratix-platform');
const toolsDir =
  process.env.KRATIX_TOOLS_DIR ??
  path.join(os.homedir(), '.cache', 'kratix-backstage');

/** The programs `go build` makes, by import path; the module's own is "kratix-platform". */
const PROGRAMS = [
  '.',
  'k8s.io/kubernetes/cmd/kubectl',
  'github.com/syntasso/kratix',
  'github.com/syntasso/kratix/work-creator/pipeline/cmd',
  'github.com/mikefarah/yq/v4',
];
const BINARIES = ['kratix-platform', 'kubectl', 'kratix', 'cmd', 'yq'];

function sourceHash() {
  // This script too: how the programs are built (their version stamps) is part of them.
  const hash = createHash('sha256').update(
    fs.readFileSync(fileURLToPath(import.meta.url)),
  );
  for (const name of fs.readdirSync(moduleDir).sort()) {
    if (name === 'go.mod' || name === 'go.sum' || name.endsWith('.go')) {
      hash.update(name).update(fs.readFileSync(path.join(moduleDir, name)));
    }
  }
  return hash.digest('hex').slice(0, 16);
}

function go(args, options = {}) {
  const output = execFileSync('go', args, {
    cwd: moduleDir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    ...options,
  });
  return (output ?? '').trim();
}

/** Whether Go is on PATH; the scenarios are skipped (outside CI) without it. */
export function goAvailable() {
  return spawnSync('go', ['version'], { stdio: 'ignore' }).status === 0;
}

/**
 * Builds (or finds cached) the platform's programs.
 * @returns {{bin: string, kratixModule: string, kratixVersion: string, kubernetesVersion: string, buildSeconds: number | null}}
 */
export function buildPlatform(log = console.log) {
  const dir = path.join(toolsDir, 'kratix-platform', sourceHash());
  const infoFile = path.join(dir, 'build.json');
  if (fs.existsSync(infoFile)) {
    const info = JSON.parse(fs.readFileSync(infoFile, 'utf8'));
    log(
      `kratix-platform: cached build in ${dir} (Kratix ${info.kratixVersion}, Kubernetes ${info.kubernetesVersion})`,
    );
    return { ...info, buildSeconds: null };
  }
  const started = Date.now();
  log(
    `kratix-platform: building Kubernetes and Kratix from their Go modules into ${dir} (the first build takes minutes)`,
  );
  const staging = `${dir}.building-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(path.join(staging, 'bin'), { recursive: true });
  go(['mod', 'download']);
  const kubernetesVersion = go([
    'list',
    '-m',
    '-f',
    '{{.Version}}',
    'k8s.io/kubernetes',
  ]);
  const [, major, minor] = /^v(\d+)\.(\d+)/.exec(kubernetesVersion) ?? [];
  // What Kubernetes' own release build stamps, so /version and kubectl name the release.
  const stamp = [
    ['gitVersion', kubernetesVersion],
    ['gitMajor', major],
    ['gitMinor', minor],
    ['gitTreeState', 'clean'],
  ].flatMap(([key, value]) => [
    `-X k8s.io/component-base/version.${key}=${value}`,
    `-X k8s.io/client-go/pkg/version.${key}=${value}`,
  ]);
  go(
    [
      'build',
      `-ldflags=-s -w ${stamp.join(' ')}`,
      '-o',
      path.join(staging, 'bin') + '/',
      ...PROGRAMS,
    ],
    {
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  for (const binary of BINARIES) {
    if (!fs.existsSync(path.join(staging, 'bin', binary))) {
      throw new Error(`kratix-platform: go build made no ${binary}`);
    }
  }
  const modules = JSON.parse(
    `[${go([
      'list',
      '-m',
      '-json',
      'github.com/syntasso/kratix',
      'k8s.io/kubernetes',
    ]).replace(/}\s*{/g, '},{')}]`,
  );
  const kratix = modules.find(m => m.Path === 'github.com/syntasso/kratix');
  const kubernetes = modules.find(m => m.Path === 'k8s.io/kubernetes');
  const buildSeconds = Math.round((Date.now() - started) / 100) / 10;
  const info = {
    bin: path.join(dir, 'bin'),
    kratixModule: kratix.Dir,
    kratixVersion: kratix.Version,
    kubernetesVersion: kubernetes.Version,
    builtSeconds: buildSeconds,
  };
  fs.writeFileSync(
    path.join(staging, 'build.json'),
    JSON.stringify(info, null, 2),
  );
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(staging, dir);
  log(`kratix-platform: built in ${buildSeconds} s`);
  return { ...info, buildSeconds };
}
