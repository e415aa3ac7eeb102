// Files of the stock app as @backstage/create-app 0.9.2 writes them
// (templates/default-app/packages/backend/src/index.ts and packages/app/src/App.tsx), cut to
// the lines the install steps touch, for the unit tests of scripts/install/.

export const STOCK_BACKEND_INDEX = `import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

// scaffolder plugin
backend.add(import('@backstage/plugin-scaffolder-backend'));

// catalog plugin
backend.add(import('@backstage/plugin-catalog-backend'));

// permission plugin
backend.add(import('@backstage/plugin-permission-backend'));
// See https://backstage.io/docs/permissions/getting-started for how to create your own permission policy
backend.add(
  import('@backstage/plugin-permission-backend-module-allow-all-policy'),
);

backend.start();
`;

export const STOCK_APP_TSX = `import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { navModule } from './modules/nav';
import { homeModule } from './modules/home';

export default createApp({
  features: [catalogPlugin, navModule, homeModule],
});
`;
