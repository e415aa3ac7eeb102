// The install test's report (scripts/test-install.mjs): each check passes or fails once, printed
// as `ok <check>` or `FAIL <check>: <reason>`; steps are timed and print `-- <label>` lines.

/** A message on one line, at most 600 characters. */
export function oneLine(text) {
  const s = String(text).replace(/\s+/g, ' ').trim();
  return s.length > 600 ? `${s.slice(0, 600)}…` : s;
}

/**
 * The outcome of each of `names`: `pass(name)`, `fail(name, reason)` (the first outcome of a
 * check counts), `skipRest(reason)` failing every check with none yet, `failedCount()`.
 * A name not in `names` throws: every check printed is one the summary counts.
 */
export function checkList(names, log = console.log) {
  const results = new Map();
  function record(name, ok, reason) {
    if (!names.includes(name)) throw new Error(`unknown check ${name}`);
    if (results.has(name)) return;
    results.set(name, { ok, reason });
    log(ok ? `ok ${name}` : `FAIL ${name}: ${reason}`);
  }
  const fail = (name, reason) => record(name, false, oneLine(reason));
  return {
    pass: name => record(name, true),
    fail,
    skipRest(reason) {
      for (const name of names)
        if (!results.has(name)) fail(name, `not run: ${reason}`);
    },
    failedCount: () => [...results.values()].filter(r => !r.ok).length,
  };
}

/** `step(label, fn)`: runs fn, printing its label and duration; an error is printed, not thrown. */
export function timedSteps(log = console.log) {
  const timings = [];
  async function step(label, fn) {
    const start = Date.now();
    log(`-- ${label}`);
    try {
      return await fn();
    } catch (error) {
      log(`-- ${label}: unexpected error: ${error.stack ?? error}`);
      return undefined;
    } finally {
      const seconds = (Date.now() - start) / 1000;
      timings.push([label, seconds]);
      log(`-- ${label}: ${seconds.toFixed(1)} s`);
    }
  }
  return { step, timings };
}
