import { Page } from 'playwright-core';

/**
 * Opens the app and signs in as the guest when it asks (a context signed in before is let in
 * at once): done when the sidebar's Kratix link shows.
 */
export async function signIn(page: Page, baseUrl: string): Promise<void> {
  await page.goto(baseUrl);
  const kratix = page.getByRole('link', { name: 'Kratix' }).first();
  const guest = page.getByRole('button', { name: /enter/i }).first();
  await kratix.or(guest).waitFor({ timeout: 120_000 });
  if (await guest.isVisible()) {
    await guest.click();
    await kratix.waitFor({ timeout: 60_000 });
  }
}
