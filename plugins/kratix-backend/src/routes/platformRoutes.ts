import Router from 'express-promise-router';
import { PlatformView } from '@kratix-backstage/plugin-kratix-common';
import { RouterContext } from './RouterContext';

/** `GET /platforms`: every configured platform with its mode and health. */
export function platformRoutes({ platforms }: RouterContext) {
  const router = Router();
  router.get('/platforms', async (_req, res) => {
    const items: PlatformView[] = platforms.list().map(p => {
      const { connected, lastSync, lastError, problems } = p.health();
      const view: PlatformView = {
        name: p.name,
        title: p.title,
        mode: p.mode,
        health: { connected, lastSync, lastError },
      };
      // Duplicates in what the platform declares: said out loud, never resolved silently.
      if (problems?.length) view.health.problems = problems;
      if (p.actAsUser)
        view.actAsUser = { authProvider: p.actAsUser.authProvider };
      return view;
    });
    res.json({ items, configured: true });
  });
  return router;
}
