/*
 * The Backstage backend with the Kratix suite installed the way a user installs it:
 * the Kratix backend plugin, the catalog module and the scaffolder module.
 */
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

// scaffolder plugin
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));

// auth plugin, with the guest provider for local use
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

// catalog plugin
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

// permission plugin, with the suite's policy: admin acts for each platform's admins,
// requests and their pipeline logs for their owners
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('@kratix-backstage/plugin-kratix-backend/policy'));

// search plugin
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));

// signals (live updates of the Kratix pages; the app's user settings storage uses them too)
backend.add(import('@backstage/plugin-signals-backend'));

// notifications (the Kratix backend tells owners and admins of what changed)
backend.add(import('@backstage/plugin-notifications-backend'));

// user settings plugin
backend.add(import('@backstage/plugin-user-settings-backend'));

// Kratix for Backstage
backend.add(import('@kratix-backstage/plugin-kratix-backend'));
backend.add(import('@kratix-backstage/plugin-catalog-backend-module-kratix'));
backend.add(
  import('@kratix-backstage/plugin-scaffolder-backend-module-kratix'),
);

// MCP: the actions of the plugins in backend.actions.pluginSources (kratix among them) as
// MCP tools at /api/mcp-actions/v1, called with the caller's own Backstage credentials
backend.add(import('@backstage/plugin-mcp-actions-backend'));

backend.start();
