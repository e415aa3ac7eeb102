import { BrowserContext } from 'playwright-core';

/**
 * Cuts a context's pages off the dev server's socket (`yarn start` serves the app through
 * webpack-dev-server, which reloads or hot-swaps open pages when a source file changes): a
 * page then runs the code it loaded, as with a production build, and a file saved while the
 * suite runs neither reloads a page mid-check nor adds modules to a heap being measured.
 * The socket stays open to the page, it just never says anything.
 */
export async function withoutDevServerReloads(
  context: BrowserContext,
  baseUrl: string,
): Promise<void> {
  const { host } = new URL(baseUrl);
  await context.routeWebSocket(
    url => url.host === host && url.pathname === '/ws',
    () => undefined,
  );
}
