/*
 * A walk through every page of the suite, as a new user would make it, at one size in one
 * theme: the Kratix pages, each Promise and cluster, the admin tab, the home page, the
 * templates, and every catalog entity the suite makes with its Kratix tab; then every in-app
 * link those pages show (anchors and link buttons, the "Request <Kind>" buttons, the
 * scaffolder's template pages), once each. On each page it notes what a user would stumble
 * on: a console error from any script, an uncaught error, a failed call to /api/kratix, a
 * table wider than its card, a "not found" page, and a banner about relations (owners)
 * missing from the catalog.
 */
import { join } from 'node:path';
import {
  Browser,
  ConsoleMessage,
  Page,
  Request,
  Response,
} from 'playwright-core';
import { signIn } from './signIn';
import { withoutDevServerReloads } from './devServer';

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

/** The themes a walk runs in: Backstage's own, by the ids its user settings store. */
export type Theme = 'light' | 'dark';

/**
 * Console errors a walk accepts, each with why (and, where given, only on pages whose path
 * matches `page`). Any other console error, from any script, is a problem. React's
 * development warnings carry the component stack in their text, which names the source.
 */
export const CONSOLE_EXCEPTIONS: Array<{
  text: RegExp;
  page?: RegExp;
  why: string;
}> = [
  {
    text: /Support for defaultProps will be removed from (function|memo) components[\s\S]*\b(MTable\w+\b|Connect\((Droppable|Draggable)\))/,
    why: "React 18.3's deprecation warning about material-table and react-beautiful-dnd, the libraries under Backstage's own Table (core-components): not the suite's code, and gone when Backstage replaces them",
  },
  {
    text: /validateDOMNesting[\s\S]*<h2> h5[\s\S]*CatalogTableToolbar/,
    why: "Backstage's catalog table toolbar puts its title's h2 inside an h5 (@backstage/plugin-catalog's CatalogTableToolbar)",
  },
  {
    text: /unique "key" prop[\s\S]*\n\s*at ExtensionBoundary/,
    page: /^\/(catalog)?(\?|$)/,
    why: "the catalog index page of Backstage's new frontend system renders its filter extensions as a list without keys (@backstage/plugin-catalog alpha pages: inputs.filters.map)",
  },
];

/** Failed calls to /api/kratix a walk accepts, each with why. */
export const FAILED_CALL_EXCEPTIONS: Array<{ failure: RegExp; why: string }> = [
  {
    failure: /net::ERR_ABORTED/,
    why: 'a call the page cancelled itself (it moved on, or a newer reload replaced it): not an answer of the backend',
  },
];

/** Pages of the suite: the Kratix page's and a catalog entity's Kratix tab. */
const SUITE_PAGE = /^\/kratix(\/|$)|^\/catalog\/[^/]+\/[^/]+\/[^/]+\/kratix$/;
/** The scaffolder's page of one template (where a Request button leads). */
const TEMPLATE_PAGE = /^\/create\/templates\/[^/]+\/[^/]+$/;

/** What is wrong on the page now, as lines naming the page; `full` adds the suite's own checks. */
async function inspect(
  page: Page,
  where: string,
  full: boolean,
): Promise<string[]> {
  const problems: string[] = [];
  // A page that is not the signed-in app (no sidebar link to the suite) checked nothing.
  if ((await page.locator('a[href="/kratix"]').count()) === 0)
    problems.push(
      `${where}: the app's sidebar is not there (signed out, or a crash)`,
    );
  const text = await page.locator('body').innerText();
  if (NOT_FOUND.test(text))
    problems.push(`${where}: shows "${text.match(NOT_FOUND)![0]}"`);
  if (!full) return problems;
  if (MISSING_RELATIONS.test(text))
    problems.push(
      `${where}: shows "${
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
    problems.push(`${where}: table wider than its card: ${w}`);
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

/**
 * Moves the app to `path` as its router does when a link is clicked (history push, then the
 * router reads the location): the app is loaded once per walk, not once per page.
 */
async function goInApp(page: Page, path: string) {
  await page.evaluate(to => {
    window.history.pushState(null, '', to);
    window.dispatchEvent(new PopStateEvent('popstate', { state: null }));
  }, path);
  await page.waitForTimeout(100);
}

/** An in-app link on the page: where it goes (path and query) and its text. */
interface FoundLink {
  path: string;
  text: string;
}

/**
 * Every in-app link on the page, by what it is, not how it is written: anchors, areas, and
 * anything with the role of a link or a button that has an href (a link button). Same
 * origin only; downloads and the backend's paths are not pages of the app.
 */
async function linksOn(page: Page, baseUrl: string): Promise<FoundLink[]> {
  const found = await page
    .locator('a[href], area[href], [role="link"][href], [role="button"][href]')
    .evaluateAll(elements =>
      elements.map(e => ({
        href: new URL(e.getAttribute('href')!, document.baseURI).href,
        text: (e.textContent ?? '').trim(),
        download: e.hasAttribute('download'),
      })),
    );
  const origin = new URL(baseUrl).origin;
  return found.flatMap(({ href, text, download }) => {
    if (download || !URL.canParse(href)) return [];
    const url = new URL(href);
    if (url.origin !== origin || url.pathname.startsWith('/api/')) return [];
    const path = url.pathname.replace(/(.)\/+$/, '$1') + url.search;
    return [{ path, text }];
  });
}

const slug = (path: string) =>
  path
    .replace(/^\//, '')
    .replace(/[^a-z0-9]+/gi, '-')
    .toLowerCase() || 'root';

/** The luminance (0 dark to 1 light) of a CSS rgb() colour. */
function luminance(rgb: string): number {
  const [r, g, b] = (rgb.match(/\d+(\.\d+)?/g) ?? ['0', '0', '0'])
    .slice(0, 3)
    .map(Number);
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}

/** What a walk found. */
export interface WalkResult {
  problems: string[];
  /** The suite's pages it was given, each visited. */
  pages: number;
  /** Distinct in-app link targets seen on the suite's pages, each visited once. */
  linksSeen: number;
  /** Of those, the ones that led beyond the given pages and were followed. */
  followed: number;
  /** Followed or given pages that are the scaffolder's template pages. */
  templatePages: number;
  /** Distinct "Request <Kind>" buttons seen (links to a template page). */
  requestButtons: number;
}

/**
 * Walks the suite's `pages` at one size in one theme, in a browser context of its own, then
 * follows every in-app link they show (and those of the suite's pages it reaches), once each.
 * Screenshots of the given pages go to `artifacts` as walk-<theme>-<width>-<page>.png.
 */
export async function walk(
  browser: Browser,
  baseUrl: string,
  pages: string[],
  options: {
    viewport: { width: number; height: number };
    theme: Theme;
    artifacts: string;
  },
): Promise<WalkResult> {
  const { viewport, theme, artifacts } = options;
  const context = await browser.newContext({
    viewport,
    colorScheme: theme,
  });
  await withoutDevServerReloads(context, baseUrl);
  // The theme a user picks in Settings, as Backstage's AppThemeSelector keeps it.
  await context.addInitScript(id => {
    window.localStorage.setItem('theme', id);
  }, theme);
  const page = await context.newPage();
  const problems: string[] = [];
  let current = '';
  let currentPath = '';
  const onConsole = (message: ConsoleMessage) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    if (
      CONSOLE_EXCEPTIONS.some(
        e => e.text.test(text) && (!e.page || e.page.test(currentPath)),
      )
    )
      return;
    const from = message.location().url.replace(baseUrl, '');
    problems.push(
      `${current}: console error${from ? ` (${from})` : ''}: ${text
        .split('\n')[0]
        .slice(0, 300)}`,
    );
  };
  const onPageError = (error: Error) =>
    problems.push(
      `${current}: uncaught ${error.name}: ${error.message.slice(0, 300)}`,
    );
  const onResponse = (response: Response) => {
    const url = response.url();
    if (url.includes('/api/kratix') && response.status() >= 400)
      problems.push(
        `${current}: ${response.request().method()} ${url.replace(
          /^https?:\/\/[^/]+/,
          '',
        )} answered ${response.status()}`,
      );
  };
  const onRequestFailed = (request: Request) => {
    const url = request.url();
    const failure = request.failure()?.errorText ?? 'failed';
    if (
      url.includes('/api/kratix') &&
      !FAILED_CALL_EXCEPTIONS.some(e => e.failure.test(failure))
    )
      problems.push(
        `${current}: ${request.method()} ${url.replace(
          /^https?:\/\/[^/]+/,
          '',
        )} failed: ${failure}`,
      );
  };
  const size = `${viewport.width}x${viewport.height}`;
  try {
    // Signed in on the Kratix page, not the app's root: the root is Backstage's catalog index,
    // whose list-without-keys warning (excused there) can otherwise land after the walk has
    // moved on, and be laid at the first walked page's door (seen as "/home @1024x768").
    await signIn(page, `${baseUrl}/kratix`);
    const background = await page.evaluate(
      () => getComputedStyle(document.body).backgroundColor,
    );
    if (luminance(background) < 0.5 !== (theme === 'dark'))
      throw new Error(
        `the ${theme} theme did not apply: the page's background is ${background}`,
      );
    page.on('console', onConsole);
    page.on('pageerror', onPageError);
    page.on('response', onResponse);
    page.on('requestfailed', onRequestFailed);

    const given = new Set(pages);
    const visited = new Set<string>();
    const seen = new Set<string>();
    const requestButtons = new Set<string>();
    /** The page each link was first seen on, to name it when the link is broken. */
    const linkedFrom = new Map<string, string>();
    const queue = [...pages];
    let followed = 0;
    let templatePages = 0;
    while (queue.length) {
      const path = queue.shift()!;
      if (visited.has(path)) continue;
      visited.add(path);
      const isGiven = given.has(path);
      if (!isGiven) followed++;
      if (TEMPLATE_PAGE.test(path)) templatePages++;
      const from = linkedFrom.get(path);
      current = `${path}${
        isGiven || !from ? '' : ` (linked from ${from})`
      } @${size} ${theme}`;
      currentPath = path;
      await goInApp(page, path);
      await settle(page);
      const suitePage = isGiven || SUITE_PAGE.test(path);
      problems.push(...(await inspect(page, current, suitePage)));
      if (isGiven)
        await page.screenshot({
          path: join(
            artifacts,
            `walk-${theme}-${viewport.width}-${slug(path)}.png`,
          ),
          fullPage: true,
        });
      // Links are followed from the suite's pages; the pages they lead to elsewhere in the
      // app (the catalog's, the scaffolder's, the sidebar's) are checked, not walked on from.
      if (!suitePage) continue;
      for (const link of await linksOn(page, baseUrl)) {
        seen.add(link.path);
        if (!linkedFrom.has(link.path)) linkedFrom.set(link.path, path);
        if (/^Request\b/.test(link.text) && TEMPLATE_PAGE.test(link.path))
          requestButtons.add(link.path);
        if (!visited.has(link.path)) queue.push(link.path);
      }
    }
    return {
      problems,
      pages: pages.length,
      linksSeen: seen.size,
      followed,
      templatePages,
      requestButtons: requestButtons.size,
    };
  } finally {
    await context.close();
  }
}
