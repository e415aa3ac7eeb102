/*
 * yarn test:e2e — drives the running app (the README's start command, embedded default, plus
 * a second platform `lab` in kubernetes mode on a fake platform cluster, see app.ts) in
 * Debian's Chromium: guest sign-in, Promises, the composite Promise, clusters, a jenkins
 * template run, the new request's entity page with where it landed, the composite web-app
 * template whose request shows the sub-requests its pipeline made, a request moved to the
 * latest Promise version, a request turning Ready live with its notification, and on `lab`
 * a suspended pipeline resumed and an update previewed with Kratix's DryRun (labSteps.ts);
 * then walks every page of the suite at 1440x900 and 1024x768, each in the light and the dark
 * theme, following every in-app link it shows (see walk.ts). Meanwhile a Kratix page stays
 * open in a context of its own through ten minutes of changes on `lab`, and the last step
 * compares its heap after the first minute and after ten (heap.ts). A screenshot of each
 * step and each page goes to e2e-artifacts/.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Page } from 'playwright-core';
import { startApp } from './app';
import { labSteps } from './labSteps';
import { reloadUntil } from './reloadUntil';
import { guestToken, suitePages, Theme, walk } from './walk';
import { heapCheck, HeapFigures, heapVerdict } from './heap';
import { withoutDevServerReloads } from './devServer';
import { chromiumInstalled, CHROMIUM, launchChromium } from './browser';

const ARTIFACTS = resolve(__dirname, '..', 'e2e-artifacts');

type Step = {
  name: string;
  run: (page: Page, baseUrl: string) => Promise<void>;
};

const steps: Step[] = [
  {
    name: 'sign in as guest',
    run: async (page, baseUrl) => {
      await page.goto(baseUrl);
      const guest = page.getByRole('button', { name: /enter/i }).first();
      await guest.waitFor({ timeout: 120_000 });
      await guest.click();
      await page
        .getByRole('link', { name: 'Kratix' })
        .first()
        .waitFor({ timeout: 60_000 });
    },
  },
  {
    name: 'open Promises',
    run: async page => {
      await page.getByRole('link', { name: 'Kratix' }).first().click();
      await page
        .getByRole('cell', { name: 'jenkins', exact: true })
        .first()
        .waitFor({ timeout: 60_000 });
      await page
        .getByRole('cell', { name: 'web-app', exact: true })
        .first()
        .waitFor();
    },
  },
  {
    name: 'open the composite Promise and see its graph',
    run: async (page, baseUrl) => {
      await page.goto(`${baseUrl}/kratix/promises/easyeaty/web-app`);
      await page
        .getByText('Required Promises')
        .first()
        .waitFor({ timeout: 60_000 });
      for (const required of ['jenkins', 'postgresql', 'nginx']) {
        await page
          .getByTestId('required-promise-graph')
          .getByText(required, { exact: true })
          .first()
          .waitFor();
      }
    },
  },
  {
    name: 'open Clusters',
    run: async (page, baseUrl) => {
      await page.goto(`${baseUrl}/kratix/clusters`);
      await page
        .getByText('platform as worker')
        .first()
        .waitFor({ timeout: 60_000 });
      await page
        .getByRole('cell', { name: /on-prem-edge/ })
        .first()
        .waitFor();
    },
  },
  {
    name: 'open a cluster and see what is scheduled there',
    run: async page => {
      await page
        .getByRole('link', { name: 'gke', exact: true })
        .first()
        .click();
      await page
        .getByText(/Worker resources \(\d+\)/)
        .first()
        .waitFor({ timeout: 60_000 });
      await page
        .getByText(
          /state\/gke\/dependencies\/jenkins\/promise-configure\/5058f\/jenkins-operator.yaml/,
        )
        .first()
        .waitFor();
    },
  },
  {
    name: 'run the jenkins template',
    run: async (page, baseUrl) => {
      await page.goto(
        `${baseUrl}/create/templates/default/easyeaty_jenkins-promise-template`,
      );
      await page
        .getByLabel(/^Name/)
        .first()
        .fill('e2e-ci', { timeout: 60_000 });
      const namespace = page.getByLabel(/^Namespace/).first();
      await namespace.fill('team-e2e');
      await page.keyboard.press('Escape');
      // The request page, Settings, then Preview (its "Preview with Kratix's DryRun" button
      // is not pressed here), then the review step.
      await page.getByRole('button', { name: /^next$/i }).click();
      await page.getByRole('button', { name: /^next$/i }).click();
      await page.getByRole('button', { name: /^review$/i }).click();
      await page.getByRole('button', { name: /^create$/i }).click();
      await page
        .getByText(/Open the request/)
        .first()
        .waitFor({ timeout: 120_000 });
    },
  },
  {
    name: "see the new request's entity page with where it landed",
    run: async page => {
      await page
        .getByText(/Open the request/)
        .first()
        .click();
      await page.waitForURL(
        /\/catalog\/default\/component\/easyeaty_jenkins_team-e2e_e2e-ci/,
        { timeout: 60_000 },
      );
      // The entity page's Kratix tab.
      await page.goto(`${page.url().replace(/\/$/, '')}/kratix`);
      await page
        .getByText('Where it landed')
        .first()
        .waitFor({ timeout: 60_000 });
      await page
        .getByText(
          /resources\/team-e2e\/jenkins\/e2e-ci\/instance-configure\/5058f/,
        )
        .first()
        .waitFor();
    },
  },
  {
    name: 'run the composite web-app template and see its sub-requests',
    run: async (page, baseUrl) => {
      await page.goto(
        `${baseUrl}/create/templates/default/easyeaty_web-app-promise-template`,
      );
      await page
        .getByLabel(/^Name/)
        .first()
        .fill('e2e-shop', { timeout: 60_000 });
      await page
        .getByLabel(/^Namespace/)
        .first()
        .fill('team-e2e');
      await page.keyboard.press('Escape');
      // One page per section of the API (settings, database, env); image is required.
      const create = page.getByRole('button', { name: /^create$/i });
      for (let pages = 0; pages < 6 && !(await create.isVisible()); pages++) {
        // Anchored: the Preview page also has "Preview with Kratix's DryRun".
        await page.getByRole('button', { name: /^(next|review)$/i }).click();
        const image = page.getByLabel(/^Image/).first();
        if (await image.isVisible()) await image.fill('nginx:1.27');
      }
      await create.click();
      await page
        .getByText(/Open the request/)
        .first()
        .click({ timeout: 120_000 });
      await page.waitForURL(
        /\/catalog\/default\/component\/easyeaty_web-app_team-e2e_e2e-shop/,
        { timeout: 60_000 },
      );
      await page.goto(`${page.url().replace(/\/$/, '')}/kratix`);
      // The stand-in runs the compose pipeline: the sub-requests it wrote to the platform
      // destination are read back as requests whose parent is this one.
      const subRequests = page
        .getByText('Sub-requests', { exact: true })
        .locator('xpath=ancestor::*[contains(@class, "MuiCard-root")][1]');
      await subRequests.waitFor({ timeout: 120_000 });
      for (const name of ['team-e2e/e2e-shop-ci', 'team-e2e/e2e-shop-db'])
        await subRequests
          .getByRole('link', { name: new RegExp(name) })
          .waitFor({ timeout: 60_000 });
    },
  },
  {
    name: 'move a request to the latest Promise version and watch it reconcile',
    run: async (page, baseUrl) => {
      // The demo holds postgresql v1.0.0 and v1.1.0; orders-db is pinned to v1.0.0 by the
      // ResourceBinding declared in the repository, reports-db follows latest.
      const versions = async () => {
        await page.goto(`${baseUrl}/kratix/promises/easyeaty/postgresql`);
        await page
          .getByRole('tab', { name: 'Versions' })
          .click({ timeout: 60_000 });
      };
      await versions();
      await page
        .getByRole('region', { name: 'Revision v1.0.0' })
        .getByText('orders-db')
        .first()
        .waitFor({ timeout: 60_000 });
      await page.getByLabel('Move to').selectOption('v1.1.0');
      await page.getByLabel('team-orders/orders-db (bound to v1.0.0)').check();
      await page.getByRole('button', { name: /^Move 1 request/ }).click();
      await page
        .getByText(/Moved 1 request\(s\) to v1\.1\.0/)
        .waitFor({ timeout: 60_000 });
      await versions();
      await page
        .getByRole('region', { name: 'Revision v1.1.0' })
        .getByText('orders-db')
        .first()
        .waitFor({ timeout: 60_000 });
      // The stand-in runs the pipeline again on v1.1.0: its new document replaces the old.
      await reloadUntil(
        page,
        `${baseUrl}/catalog/default/component/easyeaty_postgresql_team-orders_orders-db/kratix`,
        () =>
          page
            .getByText(
              /orders-db\/instance-configure\/5058f\/postgresql-orders-db\.yaml/,
            )
            .first(),
        120_000,
        'orders-db was never written again after its move to v1.1.0',
      );
    },
  },
  {
    name: 'watch a request turn Ready without a reload, then read its notification',
    run: async (page, baseUrl) => {
      // Watched on its Promise's page, open before the request exists: the row arrives and
      // turns Ready by live updates alone. (Its catalog entity page can only be opened once
      // the catalog has ingested it, which on a loaded machine can outlast the pipeline.)
      await page.goto(`${baseUrl}/kratix/promises/easyeaty/jenkins`);
      await page
        .getByRole('heading', { name: /^Requests \(/ })
        .first()
        .waitFor({ timeout: 60_000 });
      let navigations = 0;
      const count = () => navigations++;
      page.on('framenavigated', count);
      const created = await fetch(
        'http://localhost:7007/api/kratix/platforms/easyeaty/promises/jenkins/requests',
        {
          method: 'POST',
          headers: {
            Authorization: `Bearer ${await guestToken()}`,
            'Content-Type': 'application/json',
          },
          body: JSON.stringify({
            namespace: 'team-e2e',
            name: 'e2e-live',
            spec: { env: 'dev' },
          }),
        },
      );
      if (created.status !== 201)
        throw new Error(`creating the request answered ${created.status}`);
      const row = page.getByRole('row').filter({ hasText: 'e2e-live' });
      await row.first().waitFor({ timeout: 60_000 });
      // The Phase cell (the Message cell may say "not ready").
      await row
        .getByRole('cell')
        .filter({ hasText: /^Ready/ })
        .first()
        .waitFor({ timeout: 90_000 });
      page.off('framenavigated', count);
      if (navigations)
        throw new Error(`the page navigated ${navigations} times`);
      // Its entity page says so too, once the catalog has it.
      await reloadUntil(
        page,
        `${baseUrl}/catalog/default/component/easyeaty_jenkins_team-e2e_e2e-live/kratix`,
        () => page.getByText(/^Ready \(/).first(),
        90_000,
        'the new request never showed Ready on its entity page',
      );
      // The notification is sent once Ready has held for the settle time (10 s by default),
      // and the notifications page shows what it found when it loaded: read it again until
      // the notification is there.
      await reloadUntil(
        page,
        `${baseUrl}/notifications`,
        () => page.getByText(/e2e-live.*ready|ready.*e2e-live/i).first(),
        90_000,
        'no notification that e2e-live is ready in 90 s',
      );
    },
  },
  ...labSteps,
];

/**
 * The same problem on many pages, once: "what (N pages: a, b, c…)". A problem line is
 * "<page>: <what>".
 */
function summarise(problems: string[]): string[] {
  const pages = new Map<string, string[]>();
  for (const p of problems) {
    const at = p.indexOf(': ');
    const what = p.slice(at + 2);
    pages.set(what, [...(pages.get(what) ?? []), p.slice(0, at)]);
  }
  return [...pages].map(([what, where]) =>
    where.length === 1
      ? `${where[0]}: ${what}`
      : `${what} (${where.length} pages: ${where.slice(0, 3).join(', ')}${
          where.length > 3 ? ', …' : ''
        })`,
  );
}

const viewports = [
  { width: 1440, height: 900 },
  { width: 1024, height: 768 },
];
const themes: Theme[] = ['light', 'dark'];

/** The heap check of a page left open, started with the first step and read by the last. */
let heapRun: Promise<HeapFigures> | undefined;

const walkSteps: Step[] = [
  ...viewports.flatMap(viewport =>
    themes.map(
      (theme): Step => ({
        name: `walk every page of the suite at ${viewport.width}x${viewport.height} in the ${theme} theme, following every link`,
        run: async (page, baseUrl) => {
          const result = await walk(
            page.context().browser()!,
            baseUrl,
            await suitePages(),
            { viewport, theme, artifacts: ARTIFACTS },
          );
          console.log(
            `walk ${theme} ${viewport.width}x${viewport.height}: ${result.pages} pages of the suite, ${result.linksSeen} in-app links seen and each visited, ${result.followed} followed beyond the suite's pages (${result.templatePages} template pages, ${result.requestButtons} Request buttons)`,
          );
          const problems = [...result.problems];
          // A walk that followed nothing, or no Request button to its form, checked no link.
          if (result.followed === 0) problems.push('walk: it followed no link');
          if (result.requestButtons === 0 || result.templatePages === 0)
            problems.push(
              "walk: it followed no Request button to a template's page",
            );
          if (problems.length)
            throw new Error(
              `${problems.length} problems:\n  ${summarise(problems).join(
                '\n  ',
              )}`,
            );
        },
      }),
    ),
  ),
  {
    name: 'keep the heap of a Kratix page left open flat through hundreds of live updates',
    run: async () => {
      if (!heapRun) throw new Error('the heap check was never started');
      const { line, problems } = heapVerdict(await heapRun);
      console.log(line);
      if (problems.length) throw new Error(problems.join('\n'));
    },
  },
];

/** Runs one step, prints its outcome (a failure in full, up to 40 lines); true when it passed. */
async function runStep(
  page: Page,
  baseUrl: string,
  step: Step,
  screenshot: string,
): Promise<boolean> {
  try {
    await step.run(page, baseUrl);
    console.log(`ok   ${step.name}`);
    return true;
  } catch (error) {
    const lines = (error as Error).message.split('\n');
    console.log(
      `FAIL ${step.name}: ${lines.slice(0, 40).join('\n')}${
        lines.length > 40 ? `\n  … ${lines.length - 40} more lines` : ''
      }`,
    );
    return false;
  } finally {
    await page
      .screenshot({ path: screenshot, fullPage: true })
      .catch(() => undefined);
  }
}

/**
 * E2E_ONLY=walk runs the walks alone (while working on pages), E2E_ONLY=golden the golden
 * path alone (while working on its steps); CI runs everything.
 */
const only = process.env.CI === 'true' ? undefined : process.env.E2E_ONLY;
const goldenPath = only === 'walk' ? [] : steps;
const walks = only === 'golden' ? [] : walkSteps;
/** Steps left out by E2E_ONLY, reported as skipped. */
const leftOut =
  steps.length + walkSteps.length - goldenPath.length - walks.length;
const allSteps = [...goldenPath, ...walks];

async function main() {
  if (!chromiumInstalled()) {
    console.log(
      `e2e: ${CHROMIUM} is not installed (apt-get install chromium); the browser suite did not run`,
    );
    // A suite that did not run is skipped, never passed; CI installs Chromium, so there it fails.
    console.log(`e2e: 0 passed, 0 failed, ${allSteps.length} skipped`);
    process.exitCode = process.env.CI === 'true' ? 1 : 0;
    return;
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  const app = await startApp();
  const browser = await launchChromium();
  let passed = 0;
  let failed = 0;
  const screenshot = (index: number, step: Step) =>
    join(
      ARTIFACTS,
      `${String(index + 1).padStart(2, '0')}-${step.name
        .replace(/[^a-z0-9]+/gi, '-')
        .toLowerCase()}.png`,
    );
  try {
    // The page left open, in a context of its own beside the steps (heap.ts); a failure to
    // start is the last step's to report.
    if (walks.length) {
      heapRun = heapCheck(browser, app.baseUrl, app.lab);
      heapRun.catch(() => undefined);
    }
    const page = await browser.newPage({
      viewport: { width: 1400, height: 1000 },
    });
    await withoutDevServerReloads(page.context(), app.baseUrl);
    for (const [index, step] of goldenPath.entries()) {
      if (await runStep(page, app.baseUrl, step, screenshot(index, step))) {
        passed++;
        continue;
      }
      // The golden-path steps build on each other: those after a failure cannot run, and
      // count as failed.
      const rest = goldenPath.slice(index + 1);
      for (const skipped of rest)
        console.log(`FAIL ${skipped.name}: not run after an earlier failure`);
      failed += 1 + rest.length;
      break;
    }
    // The walks stand on their own: each runs whatever happened before.
    for (const [index, step] of walks.entries()) {
      const ok = await runStep(
        page,
        app.baseUrl,
        step,
        screenshot(steps.length + index, step),
      );
      if (ok) passed++;
      else failed++;
    }
  } finally {
    await browser.close();
    app.stop();
  }
  if (failed)
    console.log(
      `--- the app's last output ---\n${app
        .output()
        .split('\n')
        .slice(-60)
        .join('\n')}`,
    );
  console.log(
    `e2e: ${passed} passed, ${failed} failed${
      leftOut ? `, ${leftOut} skipped` : ''
    }`,
  );
  process.exitCode = failed ? 1 : 0;
}

main().catch(error => {
  console.error(error);
  console.log(`e2e: 0 passed, ${allSteps.length} failed`);
  process.exit(1);
});
