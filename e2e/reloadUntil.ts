import { Locator, Page } from 'playwright-core';

/**
 * Loads a page again until it shows what is looked for (each load waits up to 5 s for it),
 * failing with `failure` once `withinMs` have gone by: for what arrives in its own time.
 */
export async function reloadUntil(
  page: Page,
  url: string,
  shows: () => Locator,
  withinMs: number,
  failure: string,
): Promise<void> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    await page.goto(url);
    const found = await shows()
      .waitFor({ timeout: 5_000 })
      .then(() => true)
      .catch(() => false);
    if (found) return;
    if (Date.now() > deadline) throw new Error(failure);
  }
}
