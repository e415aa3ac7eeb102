// The install test's child processes (scripts/test-install.mjs): each in its own process group,
// its output kept and logged, killed with its children when it ends or when the test ends.
import { spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';

const live = new Set();

function killGroup(child, signal = 'SIGTERM') {
  try {
    process.kill(-child.pid, signal);
  } catch {
    /* gone */
  }
}

/** Kills every process still running. */
export function cleanup() {
  for (const child of live) killGroup(child, 'SIGKILL');
}

/** Kills every child on exit and on SIGINT, SIGTERM or SIGHUP (exit code 130). */
export function killChildrenOnExit() {
  process.on('exit', cleanup);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      cleanup();
      process.exit(130);
    });
  }
}

/**
 * Starts a command in its own process group, output to `log` (and kept in memory):
 * {child, output, code, signal, exited}.
 */
export function start(command, args, { cwd, env = {}, log }) {
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  live.add(child);
  const state = { child, output: '', code: undefined, signal: undefined };
  const onData = data => {
    const text = data.toString();
    state.output += text;
    if (state.output.length > 4_000_000)
      state.output = state.output.slice(-2_000_000);
    if (log) appendFileSync(log, text);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  state.exited = new Promise(resolveExit => {
    child.on('error', error => {
      state.output += `\n${error.message}\n`;
      state.code = -1;
      live.delete(child);
      resolveExit();
    });
    child.on('close', (code, signal) => {
      state.code = code;
      state.signal = signal;
      live.delete(child);
      resolveExit();
    });
  });
  return state;
}

/** Stops a started process: SIGTERM, then SIGKILL after `graceMs`, and its group's leftovers. */
export async function stop(state, graceMs = 15_000) {
  if (state.code !== undefined) return;
  killGroup(state.child, 'SIGTERM');
  const timer = setTimeout(() => killGroup(state.child, 'SIGKILL'), graceMs);
  await state.exited;
  clearTimeout(timer);
  // Children that left the group's leader behind.
  killGroup(state.child, 'SIGKILL');
}

/** Runs a command to its end, killed after `timeoutMs`. Resolves {code, output, timedOut}. */
export async function run(command, args, { cwd, env, log, timeoutMs }) {
  if (log)
    appendFileSync(log, `\n$ ${command} ${args.join(' ')}  (in ${cwd})\n`);
  const state = start(command, args, { cwd, env, log });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    stop(state, 5_000);
  }, timeoutMs);
  await state.exited;
  clearTimeout(timer);
  return { code: state.code, output: state.output, timedOut };
}

/** The last lines of an output that look like errors (else its last lines), on one line. */
export function errorLines(output, max = 6) {
  const lines = output
    .split('\n')
    .map(l => l.replace(/\x1b\[[0-9;]*m/g, '').trim())
    .filter(Boolean);
  const picked = lines.filter(l =>
    /error|fail|cannot|not found|missing|invalid|refus|YN0001|YN0009|YN0028|TS\d{4}/i.test(
      l,
    ),
  );
  return (picked.length ? picked : lines).slice(-max).join(' | ');
}

export function describeRun(r, what) {
  if (r.timedOut) return `${what} timed out: ${errorLines(r.output)}`;
  return `${what} exited ${r.code}: ${errorLines(r.output)}`;
}
