// Step 5 of scripts/test-install.mjs: the stock app's backend started four times: with the
// embedded platform (the Kratix API, catalog, scaffolder, the app in Chromium, the policy as a
// guest named in no `admins`), with the guest in `kratix.embedded.admins`, with no `kratix`
// config, and with `kratix.platform` (a typo: must fail at start naming the key).
import { actionsProbe, promisesProbe, templatesProbe } from './apiChecks.mjs';
import {
  guestToken,
  readinessOk,
  startBackend,
  waitReady,
} from './backend.mjs';
import { CHECK, GUEST, NOT_CONFIGURED } from './config.mjs';
import { browserChecks } from './frontendCheck.mjs';
import { freePort, http, poll, sleep } from './http.mjs';
import {
  anotherTeamsUpdateCheck,
  installCheck,
  ownRequestCheck,
} from './policyChecks.mjs';
import { errorLines, stop } from './processes.mjs';

/**
 * Starts the backend on a free port with `kratixYaml`; once ready (check `startsCheck`) runs
 * `body(port)`; stops it in any case.
 */
async function withBackend(ctx, appDir, label, kratixYaml, startsCheck, body) {
  const port = await freePort();
  const backend = await startBackend(ctx, appDir, label, kratixYaml, port);
  try {
    const notReady = await waitReady(backend, port, 240_000);
    if (notReady) {
      ctx.fail(startsCheck, notReady);
      return;
    }
    ctx.pass(startsCheck);
    await body(port);
  } finally {
    await stop(backend);
  }
}

/** `probe` polled until satisfied; the check fails with its last reason (and `suffix`). */
async function probeCheck(ctx, check, probe, timeoutMs, everyMs, suffix = '') {
  const why = await poll(probe, timeoutMs, everyMs);
  if (why) ctx.fail(check, `${why}${suffix}`);
  else ctx.pass(check);
}

export async function embeddedScenario(ctx, appDir, dataDir) {
  const yaml = ['kratix:', '  embedded:', `    dataDir: ${dataDir}`];
  await withBackend(
    ctx,
    appDir,
    'embedded',
    yaml.join('\n'),
    CHECK.embeddedStarts,
    async port => {
      let token;
      try {
        token = await guestToken(port);
        ctx.pass(CHECK.guestToken);
      } catch (error) {
        ctx.fail(CHECK.guestToken, error.message);
        return;
      }
      const base = `http://127.0.0.1:${port}`;
      await probeCheck(ctx, CHECK.promises, promisesProbe(base, token), 30_000);
      await probeCheck(
        ctx,
        CHECK.templates,
        templatesProbe(base, token),
        120_000,
        2_000,
        ' (after 120 s)',
      );
      await probeCheck(ctx, CHECK.actions, actionsProbe(base, token), 15_000);

      // The app this backend serves, in Chromium (scripts/install/frontendCheck.mjs).
      await browserChecks({
        appDir,
        baseUrl: `http://localhost:${port}`,
        pass: ctx.pass,
        fail: ctx.fail,
      });

      // The suite's policy in place of allow-all: the guest, named in no `admins`, acts on
      // its own requests only and installs nothing.
      await ownRequestCheck(ctx, base, token, CHECK.ownRequest);
      await anotherTeamsUpdateCheck(
        ctx,
        base,
        token,
        403,
        CHECK.otherTeamRefused,
      );
      await installCheck(ctx, base, token, 403, CHECK.installRefused);
    },
  );
}

/** The same platform with the guest named an admin, as the README shows for the demo. */
export async function embeddedAdminScenario(ctx, appDir, dataDir) {
  const yaml = [
    'kratix:',
    '  embedded:',
    `    dataDir: ${dataDir}`,
    `    admins: [${GUEST}]`,
  ];
  await withBackend(
    ctx,
    appDir,
    'embedded-admins',
    yaml.join('\n'),
    CHECK.adminStarts,
    async port => {
      const base = `http://127.0.0.1:${port}`;
      const token = await guestToken(port);
      await installCheck(ctx, base, token, 201, CHECK.installAllowed);
      await anotherTeamsUpdateCheck(
        ctx,
        base,
        token,
        200,
        CHECK.otherTeamAllowed,
      );
    },
  );
}

export async function noConfigScenario(ctx, appDir) {
  await withBackend(
    ctx,
    appDir,
    'no-config',
    '# no kratix configuration',
    CHECK.noConfigStarts,
    async port => {
      try {
        const token = await guestToken(port);
        const r = await http(`http://127.0.0.1:${port}/api/kratix/platforms`, {
          token,
        });
        if (r.text.includes(NOT_CONFIGURED)) ctx.pass(CHECK.notConfigured);
        else
          ctx.fail(
            CHECK.notConfigured,
            `answered ${r.status} ${r.text.slice(0, 400)}`,
          );
      } catch (error) {
        ctx.fail(CHECK.notConfigured, error.message);
      }
    },
  );
}

/** `kratix.platform` (for `kratix.platforms`): the start fails, and its output names the key. */
export async function typoScenario(ctx, appDir) {
  const port = await freePort();
  const backend = await startBackend(
    ctx,
    appDir,
    'typo',
    ['kratix:', '  platform: []'].join('\n'),
    port,
  );
  try {
    const timeoutMs = 180_000;
    // Backstage reports a failed start as BackendStartupError and keeps answering readiness
    // 503 (it exits only on a signal): the start has failed once that is logged and holds.
    const graceAfterFailureMs = 5_000;
    const deadline = Date.now() + timeoutMs;
    let ready = false;
    let failureLoggedAt;
    while (backend.code === undefined && Date.now() < deadline) {
      if (
        failureLoggedAt === undefined &&
        /BackendStartupError|Backend startup failed/.test(backend.output)
      ) {
        failureLoggedAt = Date.now();
      }
      if (
        failureLoggedAt !== undefined &&
        Date.now() - failureLoggedAt > graceAfterFailureMs
      )
        break;
      if (await readinessOk(port)) {
        ready = true;
        break;
      }
      await sleep(500);
    }
    if (ready)
      ctx.fail(CHECK.typoFails, 'the backend started and answered readiness');
    else if (backend.code === undefined && failureLoggedAt !== undefined)
      ctx.pass(CHECK.typoFails);
    else if (backend.code === undefined)
      ctx.fail(CHECK.typoFails, `still running after ${timeoutMs / 1000} s`);
    else if (backend.code === 0) ctx.fail(CHECK.typoFails, 'exited 0');
    else ctx.pass(CHECK.typoFails);
    // `kratix.platform` as the key itself, not a permission such as kratix.platform.read.
    const named = backend.output
      .split('\n')
      .map(l => l.replace(/\x1b\[[0-9;]*m/g, ''))
      .find(l => /kratix\.platform(?![.\w])/.test(l));
    if (named) {
      const at = named.search(/kratix\.platform(?![.\w])/);
      console.log(`   …${named.slice(Math.max(0, at - 60), at + 140)}…`);
      ctx.pass(CHECK.typoNamed);
    } else
      ctx.fail(
        CHECK.typoNamed,
        `no line names kratix.platform; last lines: ${errorLines(
          backend.output,
        )}`,
      );
  } finally {
    await stop(backend);
  }
}
