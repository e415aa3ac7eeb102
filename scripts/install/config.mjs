// What the install test installs and checks (a step of scripts/test-install.mjs): the packages,
// the stock app's version, the Promises and actions the embedded platform must show, and the
// name of every check, in the order they are reported.
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FRONTEND_CHECKS } from './frontendCheck.mjs';

export const CREATE_APP_VERSION = '0.9.2';
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const TOOLS_DIR =
  process.env.KRATIX_TOOLS_DIR || join(homedir(), '.cache', 'kratix-backstage');
export const PROMISES = ['jenkins', 'postgresql', 'nginx', 'web-app'];
export const PROMISES_WITH_API = ['jenkins', 'postgresql', 'web-app'];
export const ACTIONS = [
  'kratix:resource:request',
  'kratix:resource:wait',
  'kratix:promise:install',
];
export const NOT_CONFIGURED = 'No Kratix platform configured';

export const PLUGINS = [
  'kratix-common',
  'kratix-node',
  'kratix-backend',
  'catalog-backend-module-kratix',
  'scaffolder-backend-module-kratix',
  'kratix',
];

// The packages installed the way their README's Installation section says. A backend
// package's steps are read out of its README, so the two cannot drift: the workspace and
// package of each `yarn --cwd <workspace> add <package>` line, the statements of each `ts`
// block headed `// packages/backend/src/index.ts` (added before `backend.start();` unless the
// stock file has them already), and each `diff` block headed `--- packages/backend/src/index.ts`
// (its `-` lines replaced by its `+` lines, which must be in the stock file as printed). The
// frontend's README shows its lines as they read in a new app's App.tsx; they are checked to
// appear there verbatim (up to whitespace and prettier's trailing commas) and merged into the
// stock app's own `features`.
export const INSTALLS = [
  { plugin: 'kratix-backend', fromReadme: true },
  { plugin: 'catalog-backend-module-kratix', fromReadme: true },
  { plugin: 'scaffolder-backend-module-kratix', fromReadme: true },
  {
    plugin: 'kratix',
    addTo: 'packages/app',
    appImports: [
      "import kratixPlugin from '@kratix-backstage/plugin-kratix/alpha';",
    ],
    // Merged into the stock app's own `features` array rather than replacing it.
    appFeature: 'kratixPlugin',
    appReadmeLines: ['export default createApp({ features: [kratixPlugin] });'],
  },
];

// The guest of a stock app (the guest provider's default user; create-app's examples/org.yaml
// has no such User, so it belongs to no group) and a Promise of the bundled marketplace.
export const GUEST = 'user:development/guest';
export const MARKETPLACE_PROMISE = 'redis';
export const EMBEDDED = 'easyeaty';

/** The name of an INSTALLS entry's README check. */
export const readmeCheck = install =>
  install.fromReadme
    ? `readme ${install.plugin}: installation steps read and found in the stock app`
    : `readme ${install.plugin}: installation lines verbatim`;

/** The checks the embedded platform's scenarios report, by what they check. */
export const CHECK = {
  embeddedStarts: 'embedded: backend starts',
  guestToken: 'embedded: guest token',
  promises: `embedded: GET /api/kratix/promises lists ${PROMISES.join(', ')}`,
  templates: `embedded: catalog holds Templates for ${PROMISES_WITH_API.join(
    ', ',
  )}`,
  actions: `embedded: scaffolder lists ${ACTIONS.join(', ')}`,
  ownRequest:
    'embedded, guest no admin: its own request created (201) and updated (200)',
  otherTeamRefused:
    "embedded, guest no admin: update of another team's request refused (403)",
  installRefused: `embedded, guest no admin: Marketplace install of ${MARKETPLACE_PROMISE} refused (403)`,
  adminStarts:
    'embedded, guest an admin (kratix.embedded.admins): backend starts',
  installAllowed: `embedded, guest an admin: Marketplace install of ${MARKETPLACE_PROMISE} allowed (201)`,
  otherTeamAllowed:
    "embedded, guest an admin: update of another team's request allowed (200)",
  noConfigStarts: 'no kratix config: backend starts',
  notConfigured: `no kratix config: GET /api/kratix/platforms says "${NOT_CONFIGURED}"`,
  typoFails:
    'kratix.platform typo: backend startup fails and never becomes ready',
  typoNamed: 'kratix.platform typo: output names kratix.platform',
};

export const CHECKS = [
  ...PLUGINS.map(p => `pack ${p}`),
  ...INSTALLS.map(readmeCheck),
  'stock app created',
  'stock app yarn install',
  ...PLUGINS.map(p => `installed ${p}`),
  'stock app tsc',
  CHECK.embeddedStarts,
  CHECK.guestToken,
  CHECK.promises,
  CHECK.templates,
  CHECK.actions,
  ...FRONTEND_CHECKS,
  CHECK.ownRequest,
  CHECK.otherTeamRefused,
  CHECK.installRefused,
  CHECK.adminStarts,
  CHECK.installAllowed,
  CHECK.otherTeamAllowed,
  CHECK.noConfigStarts,
  CHECK.notConfigured,
  CHECK.typoFails,
  CHECK.typoNamed,
];
