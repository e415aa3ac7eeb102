/*
 * Watches the argument lists (`/proc/<pid>/cmdline`) of every git process descended from
 * this one, for tests that must show no credential is put on a command line. The scan runs
 * in a worker thread, so it never stalls an HTTP server (or a backend) this same event loop
 * runs. Environments are not read: that is where credentials are meant to be.
 *
 * Polling /proc can miss a git call that ends within a millisecond on a loaded machine, so
 * while a watch runs a `git` on PATH records every argument list this process starts before
 * running the real git: no top-level call goes unseen, and polling adds the helpers git
 * starts itself (git-remote-http and the like).
 */
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { Worker } from 'node:worker_threads';

/** The worker's source, evaluated as CommonJS so it needs no transpiling under Jest. */
const SCANNER = `
const { parentPort, workerData } = require('node:worker_threads');
const { readdirSync, readFileSync } = require('node:fs');
const stop = new Int32Array(workerData.stop);
const parentOf = pid => {
  try {
    const stat = readFileSync('/proc/' + pid + '/stat', 'latin1');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch { return 0; }
};
const ours = pid => {
  for (let p = pid, depth = 0; p > 1 && depth < 32; depth++) {
    p = parentOf(p);
    if (p === workerData.root) return true;
  }
  return false;
};
const program = new RegExp(workerData.program);
const seen = new Map();
let scans = 0;
while (Atomics.load(stop, 0) === 0) {
  for (const pid of readdirSync('/proc')) {
    if (!/^[0-9]+$/.test(pid)) continue;
    let cmdline;
    try { cmdline = readFileSync('/proc/' + pid + '/cmdline', 'latin1'); } catch { continue; }
    if (!program.test(cmdline.split('\\0')[0])) continue;
    const key = pid + ' ' + cmdline;
    if (!seen.has(key) && ours(Number(pid))) seen.set(key, cmdline.split('\\0').filter(Boolean).join(' '));
  }
  if (++scans === 1) parentPort.postMessage({ ready: true });
  Atomics.wait(stop, 0, 0, 1);
}
parentPort.postMessage({ scans, cmdlines: [...seen.values()] });
`;

/** What a watch saw: how many passes over /proc it made and each distinct argument list. @internal */
export interface ArgumentListScan {
  scans: number;
  /** Each process's arguments joined by spaces, once per pid and argument list. */
  cmdlines: string[];
}

/**
 * Starts watching; resolves once the first pass over /proc is done. The returned function
 * stops the watch and gives what it saw.
 * @internal
 */
export async function watchArgumentLists(
  options: {
    /** The process whose descendants are watched. Default: this one. */
    root?: number;
    /** Which executables are kept, matched against argv[0]. Default: git. */
    program?: RegExp;
  } = {},
): Promise<() => Promise<ArgumentListScan>> {
  const stop = new SharedArrayBuffer(4);
  const worker = new Worker(SCANNER, {
    eval: true,
    workerData: {
      stop,
      root: options.root ?? process.pid,
      program: (options.program ?? /(^|\/)git/).source,
    },
  });
  const result = new Promise<ArgumentListScan>((resolve, reject) => {
    worker.on('message', m => m.ready || resolve(m));
    worker.on('error', reject);
  });
  await new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  const recorder = recordGitCalls();
  return async () => {
    const recorded = recorder.stop();
    Atomics.store(new Int32Array(stop), 0, 1);
    Atomics.notify(new Int32Array(stop), 0);
    const r = await result;
    await worker.terminate();
    return { ...r, cmdlines: [...r.cmdlines, ...recorded] };
  };
}

/**
 * Puts a recording `git` first on this process's PATH (inherited by every git call started
 * from here) and returns how to undo it, giving each argument list recorded.
 */
function recordGitCalls(): { stop: () => string[] } {
  const realGit = execFileSync('sh', ['-c', 'command -v git'], {
    encoding: 'utf8',
  }).trim();
  const dir = mkdtempSync(join(tmpdir(), 'kratix-git-recorder-'));
  const log = join(dir, 'calls');
  writeFileSync(log, '');
  const shim = join(dir, 'git');
  // One line per call, arguments separated by spaces, as the /proc scan reports them.
  writeFileSync(
    shim,
    `#!/bin/sh\n{ printf 'git'; for a in "$@"; do printf ' %s' "$a"; done; printf '\\n'; } >> '${log}'\nexec '${realGit}' "$@"\n`,
  );
  chmodSync(shim, 0o755);
  const path = process.env.PATH;
  process.env.PATH = `${dir}${delimiter}${path ?? ''}`;
  return {
    stop: () => {
      process.env.PATH = path;
      const calls = readFileSync(log, 'utf8').split('\n').filter(Boolean);
      rmSync(dir, { recursive: true, force: true });
      return calls;
    },
  };
}

/** Whether an argument list is a git process that talks to a remote (either end of it). @internal */
export function isGitNetworkCommand(cmdline: string): boolean {
  return /\b(fetch|push|ls-remote|clone|remote-https?|http-backend|upload-pack|receive-pack)\b/.test(
    cmdline,
  );
}
