/*
 * A walk through every page of the suite, as a new user would make it: the Kratix pages, each
 * Promise and cluster, the admin tab, the home page, the templates, and every catalog entity
 * the suite makes with its Kratix tab. On each page it notes what a user would stumble on:
 * a console error from the suite's code, a failed call to /api/kratix, a table wider than
 * its card, a "not found" page, and a banner about relations (owners) missing from the
 * catalog. It also follows every link the suite's pages show, once.
 */
import { join } from 'node:path';
import { Page, Response, ConsoleMessage } from 'playwright-core';

const BACKEND = 'http://localhost:7007';

/** Text of Backstage's "not found" states: the 404 page, a missing entity, a missing platform object. */
const NOT_FOUND =
  /PAGE NOT FOUND|Entity not found|Not a Kratix entity|There is no .* with the requested|could not be found|Request failed with 404/i;
/** Backstage's banner for relations (an owner, a system) that are not in the catalog. */
const MISSING_RELATIONS = /can't be found in the catalog|Entities not found/i;

/** A token of the guest user, for calling the backend as the browser would. */
export async function guestToken(): Promise<string> {
  const response = await fetch(`${BACKEND}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  const body = (await response.json()) as {
    backstageIdentity: { token: string };
  };
  return body.backstageIdentity.token;
}

async function getJson<T>(path: string, token: string): Promise<T> {
  const response = await fetch(`${BACKEND}${path}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

/** Every page of the suite, worked out from what the backend serves. */
export async function suitePages(): Promise<string[]> {
  const token = await guestToken();
  const promises = await getJson<{
    items: Array<{ platform: string; name: string }>;
  }>('/api/kratix/promises', token);
  const destinations = await getJson<{
    items: Array<{ platform: string; name: string }>;
  }>('/api/kratix/destinations', token);
  const entities = await getJson<{
    items: Array<{
      kind: string;
      metadata: { name: string; namespace?: string };
    }>;
  }>(
    `/api/catalog/entities/by-query?filter=${encodeURIComponent(
      'metadata.annotations.kratix-backstage.io/platform',
    )}&limit=200`,
    token,
  );
  const entityPages = entities.items.flatMap(e => {
    const path = `/catalog/${
      e.metadata.namespace ?? 'default'
    }/${e.kind.toLowerCase()}/${e.metadata.name}`;
    // Components (Promises, requests) and Resources (clusters) have the suite's Kratix tab;
    // the platform's System, its APIs and the Templates have none.
    return ['Component', 'Resource'].includes(e.kind)
      ? [path, `${path}/kratix`]
      : [path];
  });
  return [
    '/home',
    '/kratix',
    '/kratix/clusters',
    '/kratix/admin',
    '/create',
    ...promises.items.map(p => `/kratix/promises/${p.platform}/${p.name}`),
    ...destinations.items.map(d => `/kratix/clusters/${d.platform}/${d.name}`),
    ...entityPages,
  ];
}

/** Signs in as the guest when the app asks (a walk may run without the golden path). */
async function signedIn(page: Page, baseUrl: string) {
  await page.goto(baseUrl);
  const kratix = page.getByRole('link', { name: 'Kratix' }).first();
  const guest = page.getByRole('button', { name: /enter/i }).first();
  await kratix.or(guest).waitFor({ timeout: 120_000 });
  if (await guest.isVisible()) {
    await guest.click();
    await kratix.waitFor({ timeout: 60_000 });
  }
}

/** What is wrong on the page now, as lines naming the page. */
async function inspect(page: Page, path: string): Promise<string[]> {
  const problems: string[] = [];
  // A page that is not the signed-in app (no sidebar link to the suite) checked nothing.
  if ((await page.locator('a[href="/kratix"]').count()) === 0)
    problems.push(
      `${path}: the app's sidebar is not there (signed out, or a crash)`,
    );
  const text = await page.locator('body').innerText();
  if (NOT_FOUND.test(text))
    problems.push(`${path}: shows "${text.match(NOT_FOUND)![0]}"`);
  if (MISSING_RELATIONS.test(text))
    problems.push(
      `${path}: shows "${
        text.match(MISSING_RELATIONS)![0]
      }" (an owner or relation missing from the catalog)`,
    );
  const wide = await page.evaluate(() =>
    Array.from(document.querySelectorAll('table')).flatMap(table => {
      const card = table.closest('.MuiCard-root, .MuiPaper-root');
      if (!card) return [];
      const t = table.getBoundingClientRect().width;
      const c = card.getBoundingClientRect().width;
      const head = Array.from(table.querySelectorAll('th'))
        .map(th => th.textContent)
        .join(', ');
      return t > c + 1
        ? [`${Math.round(t)} px in ${Math.round(c)} px (${head})`]
        : [];
    }),
  );
  for (const w of wide)
    problems.push(`${path}: table wider than its card: ${w}`);
  return problems;
}

/** Waits until the page has settled: no progress bar for a moment, or 30 s. */
async function settle(page: Page) {
  await page.waitForLoadState('domcontentloaded');
  const deadline = Date.now() + 30_000;
  let quietSince = 0;
  while (Date.now() < deadline) {
    const busy = await page
      .locator('[role="progressbar"], [data-testid="progress"]')
      .count();
    if (busy === 0) {
      if (!quietSince) quietSince = Date.now();
      if (Date.now() - quietSince > 700) return;
    } else {
      quietSince = 0;
    }
    await page.waitForTimeout(150);
  }
}

const slug = (path: string) =>
  path
    .replace(/^\//, '')
    .replace(/[^a-z0-9]+/gi, '-')
    .toLowerCase() || 'root';

/**
 * Visits the pages at one viewport; returns the problems found and the suite's links seen.
 * Screenshots go to `artifacts` as walk-<width>-<page>.png.
 */
export async function walk(
  page: Page,
  baseUrl: string,
  pages: string[],
  viewport: { width: number; height: number },
  artifacts: string,
): Promise<{ problems: string[]; links: Set<string> }> {
  await page.setViewportSize(viewport);
  const problems: string[] = [];
  const links = new Set<string>();
  let current = '';
  const onConsole = (message: ConsoleMessage) => {
    if (message.type() !== 'error') return;
    // The suite's own code: logged from a module of its packages, or about its API. (React's
    // warnings about libraries the suite renders are logged from react-dom and name
    // components of the suite only in their stack.)
    if (
      /kratix/i.test(message.location().url) ||
      message.text().includes('/api/kratix')
    )
      problems.push(
        `${current}: console error: ${message
          .text()
          .split('\n')[0]
          .slice(0, 300)}`,
      );
  };
  const onResponse = (response: Response) => {
    const url = response.url();
    if (url.includes('/api/kratix') && response.status() >= 400)
      problems.push(
        `${current}: ${response.request().method()} ${url.replace(
          baseUrl,
          '',
        )} answered ${response.status()}`,
      );
  };
  await signedIn(page, baseUrl);
  page.on('console', onConsole);
  page.on('response', onResponse);
  try {
    for (const path of pages) {
      current = `${path} @${viewport.width}`;
      await page.goto(`${baseUrl}${path}`);
      await settle(page);
      problems.push(...(await inspect(page, current)));
      await page.screenshot({
        path: join(artifacts, `walk-${viewport.width}-${slug(path)}.png`),
        fullPage: true,
      });
      // Links of this app to the suite's pages and the catalog (hrefs may be absolute).
      for (const href of await page
        .locator('a[href]')
        .evaluateAll(anchors =>
          anchors.map(a => (a as HTMLAnchorElement).href),
        )) {
        // Only http(s) links of this app count (mailto:, javascript: and the like do not).
        if (!URL.canParse(href)) continue;
        const url = new URL(href);
        if (
          url.origin === new URL(baseUrl).origin &&
          /^\/(kratix|catalog\/)/.test(url.pathname)
        )
          links.add(url.pathname + url.search);
      }
    }
  } finally {
    page.off('console', onConsole);
    page.off('response', onResponse);
  }
  return { problems, links };
}

/** Follows each link once; a link that leads to a "not found" state is a problem. */
export async function followLinks(
  page: Page,
  baseUrl: string,
  links: Iterable<string>,
): Promise<string[]> {
  const problems: string[] = [];
  for (const href of links) {
    await page.goto(`${baseUrl}${href}`);
    await settle(page);
    const text = await page.locator('body').innerText();
    if (NOT_FOUND.test(text))
      problems.push(`link ${href}: leads to "${text.match(NOT_FOUND)![0]}"`);
  }
  return problems;
}
