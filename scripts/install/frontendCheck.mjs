// The stock app's frontend in a browser (a step of scripts/test-install.mjs). The Kratix page is
// mounted where the frontend README's `page:kratix` block puts it (not the default /kratix),
// the catalog and the scaffolder stay where the stock app has them; the app is built and served
// by the stock backend's app-backend, and driven in Debian's Chromium (playwright-core, launched
// as e2e/browser.ts does) as the stock app's guest:
//  - the Kratix page opens at the README's path, and the sidebar links there;
//  - the Promises tab, a Promise's page and a request's Kratix entity tab link to the suite's
//    pages under that path only (and to the catalog and the scaffolder);
//  - a Promise's request links open the request's entity page in the catalog;
//  - "Request <Kind>" opens the scaffolder's form for the Promise's Template without reloading
//    the page: a marker set on `window` before the click is still there once the form shows,
//    and the main frame loaded no document in between.
//
//   mountKratixPage(appDir, …)  adds the README's entry to the stock app's app-config.yaml
//   buildFrontend({…})          `yarn workspace app build`, the bundle app-backend serves
//   browserChecks({…})          drives the app the running stock backend serves at `baseUrl`
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installationSection } from './readme.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CHROMIUM = process.env.KRATIX_E2E_CHROMIUM ?? '/usr/bin/chromium';
const DEFAULT_PATH = '/kratix';
// Where a stock app (create-app) has the catalog's entity pages and the scaffolder's templates.
const CATALOG_ENTITY = '/catalog/';
const SCAFFOLDER_TEMPLATE = '/create/templates/';
// A Promise of the embedded platform with an API; the seed gives it requests.
const PLATFORM = 'easyeaty';
const PROMISE = 'jenkins';
// How the Promise page names a request: `<namespace>/<name>`.
const REQUEST_NAME = /^[a-z0-9][\w.-]*\/[a-z0-9][\w.-]*$/;
const MARKER = 'set before the click';
// What the app shows where a route or an entity is missing.
const NOT_FOUND =
  /Entity not found|PAGE NOT FOUND|There is no .* with the requested/i;

/**
 * The `page:kratix` entry of a yaml block in the frontend README's Installation section (its
 * lines, unindented) and the path it configures.
 */
function readmeMount() {
  const section = installationSection(
    readFileSync(join(ROOT, 'plugins/kratix/README.md'), 'utf8'),
  );
  if (!section) return { entry: [] };
  for (const [, body] of section.matchAll(/^```yaml\n([\s\S]*?)^```/gm)) {
    const lines = body.replace(/\n$/, '').split('\n');
    const at = lines.findIndex(l => /^\s*- page:kratix:\s*$/.test(l));
    if (at < 0) continue;
    const indent = lines[at].search(/\S/);
    const entry = [lines[at]];
    for (const line of lines.slice(at + 1)) {
      if (line.search(/\S/) <= indent) break;
      entry.push(line);
    }
    const path = entry.join('\n').match(/^\s*path:\s*(\S+)\s*$/m)?.[1];
    return { entry: entry.map(l => l.slice(indent)), path };
  }
  return { entry: [] };
}

const mount = readmeMount();
const kratixRoot = mount.path?.replace(/\/+$/, '');
/** Where the README's block mounts the Kratix page (named in the checks). */
const KRATIX_PATH = mount.path ?? '(no path in the README)';

const CHECK = {
  mounted: `frontend: the README's page:kratix entry added to the stock app's app.extensions (path ${KRATIX_PATH}, not ${DEFAULT_PATH})`,
  built:
    'frontend: the stock app built (yarn workspace app build), served by app-backend',
  page: `frontend: the guest signs in, the Kratix page opens at ${KRATIX_PATH}, the sidebar links there`,
  kratixLinks: `frontend: the Promises tab, the ${PROMISE} Promise page and a request's Kratix entity tab link to the suite's pages under ${KRATIX_PATH} (else only under ${CATALOG_ENTITY}, ${SCAFFOLDER_TEMPLATE})`,
  entityLinks: `frontend: the ${PROMISE} Promise page's request links open the request's entity page under ${CATALOG_ENTITY}`,
  request: `frontend: "Request <Kind>" on the ${PROMISE} Promise page opens the scaffolder's form under ${SCAFFOLDER_TEMPLATE} without a page reload`,
};
/** The step's named checks, in the order they are recorded. */
export const FRONTEND_CHECKS = Object.values(CHECK);

/**
 * Adds the README's `page:kratix` entry to the `app.extensions` list of the stock app's own
 * app-config.yaml, as an adopter would: a list in a second config file would replace the stock
 * one (and with it the stock app's placement of the catalog).
 */
export function mountKratixPage(appDir, { pass, fail }) {
  const why = (() => {
    if (!mount.entry.length)
      return 'plugins/kratix/README.md has no yaml block with a `- page:kratix:` entry in its Installation section';
    if (!kratixRoot || kratixRoot === DEFAULT_PATH)
      return `the README's page:kratix entry sets no path other than ${DEFAULT_PATH}`;
    const file = join(appDir, 'app-config.yaml');
    const yaml = readFileSync(file, 'utf8');
    const list = yaml.match(/^app:\n(?:(?: .*)?\n)*?( +)extensions:\n/m);
    if (!list) return 'the stock app-config.yaml has no app.extensions list';
    const at = list.index + list[0].length;
    const entry = mount.entry.map(l => `${list[1]}  ${l}\n`).join('');
    writeFileSync(file, `${yaml.slice(0, at)}${entry}${yaml.slice(at)}`);
    return undefined;
  })();
  if (why) {
    fail(CHECK.mounted, why);
    return;
  }
  console.log(
    `   app.extensions: ${mount.entry.join(' ').replace(/\s+/g, ' ')}`,
  );
  pass(CHECK.mounted);
}

/** `yarn workspace app build` in the stock app (its production bundle, for app-backend). */
export async function buildFrontend({ appDir, run, env, log, fail }) {
  const r = await run('yarn', ['workspace', 'app', 'build'], {
    cwd: appDir,
    env,
    log,
    timeoutMs: 10 * 60_000,
  });
  if (r.code === 0 && existsSync(join(appDir, 'packages/app/dist/index.html')))
    return;
  const lines = r.output
    .split('\n')
    .map(l => l.replace(/\x1b\[[0-9;]*m/g, '').trim())
    .filter(Boolean);
  const errors = lines.filter(l => /error|fail/i.test(l));
  fail(
    CHECK.built,
    `yarn workspace app build ${
      r.timedOut ? 'timed out' : `exited ${r.code}`
    }: ${(errors.length ? errors : lines).slice(-6).join(' | ')}`,
  );
}

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// In-app links (resolved paths and texts) of the page's content, the app's sidebar left out.
async function contentLinks(page, origin) {
  const links = await page
    .locator('main a[href], article a[href]')
    .evaluateAll(anchors =>
      anchors.map(a => ({
        // getAttribute: an SVG anchor's `href` is no string.
        href: new URL(a.getAttribute('href'), document.baseURI).href,
        text: (a.textContent ?? '').trim(),
      })),
    );
  return links
    .filter(l => new URL(l.href).origin === origin)
    .map(l => ({
      text: l.text,
      path: decodeURIComponent(new URL(l.href).pathname),
    }));
}

const under = (path, prefix) =>
  prefix.endsWith('/')
    ? path.startsWith(prefix)
    : path === prefix || path.startsWith(`${prefix}/`);
const show = links =>
  links
    .slice(0, 5)
    .map(l => `${l.text.slice(0, 40) || '(no text)'} → ${l.path}`)
    .join('; ');

/**
 * Drives the app the stock backend serves at `baseUrl` and records the browser checks; any
 * still open when something throws are failed with its message.
 */
export async function browserChecks({ appDir, baseUrl, pass, fail }) {
  const open = new Set(FRONTEND_CHECKS.filter(c => c !== CHECK.mounted));
  const ok = name => {
    open.delete(name);
    pass(name);
  };
  const no = (name, why) => {
    open.delete(name);
    fail(name, why);
  };
  const notRun = why => {
    for (const name of open) fail(name, `not run: ${why}`);
  };
  if (!kratixRoot) return notRun('the README mounts the Kratix page nowhere');
  if (!existsSync(join(appDir, 'packages/app/dist/index.html')))
    return notRun('the stock app was not built');
  if (!existsSync(CHROMIUM))
    return notRun(`no Chromium at ${CHROMIUM} (scripts/install-chromium.sh)`);

  const started = Date.now();
  const origin = new URL(baseUrl).origin;
  const pageErrors = [];
  let browser;
  try {
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
    });
    const page = await browser.newPage({
      viewport: { width: 1440, height: 900 },
    });
    page.setDefaultTimeout(60_000);
    page.on('pageerror', e => pageErrors.push(e.message));
    // Full document loads of the main frame; a client-side navigation makes none.
    let loads = 0;
    page.on('load', () => loads++);
    const main = page.locator('main');

    // The app is served once it renders: the guest sign-in, or the app's sidebar.
    await page.goto(`${baseUrl}${kratixRoot}`);
    const guest = page.getByRole('button', { name: /enter/i }).first();
    const sidebar = page.locator('nav a[href]');
    await guest.or(sidebar).first().waitFor({ timeout: 120_000 });
    ok(CHECK.built);
    if (await guest.isVisible()) await guest.click();
    const header = page.getByRole('heading', { name: 'Kratix', exact: true });
    const notFound = page.getByText(NOT_FOUND).first();
    await header.or(notFound).first().waitFor();
    if (await notFound.isVisible()) {
      no(CHECK.page, `${kratixRoot}: ${await notFound.textContent()}`);
      return notRun(`the Kratix page did not open at ${kratixRoot}`);
    }
    const opened = new URL(page.url()).pathname;
    const sidebarKratix = await sidebar
      .filter({ hasText: /^Kratix$/ })
      .first()
      .getAttribute('href', { timeout: 5_000 })
      .catch(() => undefined);
    const sidebarPath =
      sidebarKratix && new URL(sidebarKratix, baseUrl).pathname;
    if (opened !== kratixRoot) no(CHECK.page, `the page opened at ${opened}`);
    else if (sidebarPath !== kratixRoot)
      no(
        CHECK.page,
        `the sidebar's Kratix item links to ${sidebarPath ?? '(none)'}`,
      );
    else ok(CHECK.page);

    // The Promises tab, then the Promise's page through its link.
    const promiseLink = main
      .getByRole('link', { name: PROMISE, exact: true })
      .first();
    await promiseLink.waitFor();
    const visited = [
      { page: 'the Promises tab', links: await contentLinks(page, origin) },
    ];
    await promiseLink.click();
    await page.waitForURL(u =>
      u.pathname.endsWith(`/promises/${PLATFORM}/${PROMISE}`),
    );
    const requestButton = main
      .getByRole('link', { name: /^Request \S+$/ })
      .or(main.getByRole('button', { name: /^Request \S+$/ }))
      .first();
    await requestButton.waitFor();
    // The requests table loads after the Promise.
    await main
      .getByRole('link', { name: REQUEST_NAME })
      .first()
      .waitFor({ timeout: 30_000 })
      .catch(() => undefined);
    const promisePage = page.url();
    const promiseLinks = await contentLinks(page, origin);
    visited.push({ page: `the ${PROMISE} Promise page`, links: promiseLinks });

    // A request's entity page, through its link, then its Kratix tab.
    const requests = promiseLinks.filter(l => REQUEST_NAME.test(l.text));
    const elsewhere = requests.filter(l => !under(l.path, CATALOG_ENTITY));
    if (!requests.length)
      no(CHECK.entityLinks, `no request link (links: ${show(promiseLinks)})`);
    else if (elsewhere.length)
      no(CHECK.entityLinks, `request links elsewhere: ${show(elsewhere)}`);
    else {
      const request = requests[0];
      await main
        .getByRole('link', { name: request.text, exact: true })
        .first()
        .click();
      await page.waitForURL(u => u.pathname.startsWith(CATALOG_ENTITY));
      const kratixTab = main.getByRole('link', { name: 'Kratix', exact: true });
      await kratixTab.or(notFound).first().waitFor();
      if (await notFound.first().isVisible()) {
        no(
          CHECK.entityLinks,
          `${request.path}: ${await notFound.first().textContent()}`,
        );
      } else {
        console.log(
          `   ${requests.length} request links; ${request.text} → ${request.path}`,
        );
        ok(CHECK.entityLinks);
        await kratixTab.click();
        await page.waitForURL(u => u.pathname.endsWith('/kratix'));
        // The tab links the request's Promise to its page on the Kratix page.
        await main
          .getByRole('link', { name: PROMISE, exact: true })
          .first()
          .waitFor();
        visited.push({
          page: `${request.text}'s Kratix entity tab`,
          links: await contentLinks(page, origin),
        });
      }
    }

    const allowed = [kratixRoot, CATALOG_ENTITY, SCAFFOLDER_TEMPLATE];
    const problems = visited.flatMap(v => {
      const stray = v.links.filter(l => !allowed.some(p => under(l.path, p)));
      if (stray.length) return [`${v.page} links elsewhere: ${show(stray)}`];
      if (!v.links.some(l => under(l.path, kratixRoot)))
        return [`${v.page} has no link under ${kratixRoot}: ${show(v.links)}`];
      return [];
    });
    if (problems.length) no(CHECK.kratixLinks, problems.join('; '));
    else {
      for (const v of visited) {
        const kratix = v.links.filter(l => under(l.path, kratixRoot));
        console.log(
          `   ${v.page}: ${
            kratix.length
          } links under ${kratixRoot}, e.g. ${show(kratix.slice(-1))}`,
        );
      }
      ok(CHECK.kratixLinks);
    }

    // The Request button: a marker on `window` and the load count before the click.
    if (page.url() !== promisePage) {
      await page.goto(promisePage);
      await requestButton.waitFor();
    }
    const label = (await requestButton.textContent()).trim();
    await page.evaluate(marker => {
      window.__kratixInstallMarker = marker;
    }, MARKER);
    const loadsBefore = loads;
    await requestButton.click();
    await page.waitForURL(u => u.pathname.startsWith(SCAFFOLDER_TEMPLATE));
    // The form's first field (every Promise's Template asks for the request's name first).
    await page.getByLabel(/^Name/).first().waitFor();
    const marker = await page.evaluate(() => window.__kratixInstallMarker);
    const reloads = loads - loadsBefore;
    const where = `${label} → ${new URL(page.url()).pathname}`;
    if (marker !== MARKER || reloads > 0)
      no(
        CHECK.request,
        `${where}: the form opened after a page reload (window marker ${
          marker === MARKER ? 'kept' : 'gone'
        }, ${reloads} document load(s))`,
      );
    else {
      console.log(
        `   ${where}: form shown, window marker kept, no document load`,
      );
      ok(CHECK.request);
    }
  } catch (error) {
    const errors = pageErrors.length
      ? `; page errors: ${pageErrors.slice(0, 3).join(' | ')}`
      : '';
    for (const name of open)
      fail(name, `${error.message.split('\n')[0]}${errors}`);
  } finally {
    await browser?.close();
    console.log(
      `   browser checks: ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  }
}
