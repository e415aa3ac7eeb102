// Step 3b of scripts/test-install.mjs: adds the packed tarballs and the READMEs' lines to the
// stock app, as a user following the READMEs would.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { INSTALLS } from './config.mjs';
import { BACKEND_INDEX, normal } from './readme.mjs';

function editJson(file, edit) {
  const pkg = JSON.parse(readFileSync(file, 'utf8'));
  edit(pkg);
  writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
}

/**
 * The backend entry point with the READMEs' steps applied: each diff block's lines replaced
 * (where the file has them), then the statements it does not have yet (comments always) added
 * before `backend.start();`.
 */
export function withBackendSteps(backend, stepsList) {
  let out = backend;
  for (const steps of stepsList)
    for (const { remove, add } of steps.replacements) {
      if (remove.length && out.includes(remove.join('\n')))
        out = out.replace(remove.join('\n'), add.join('\n'));
    }
  const statements = stepsList
    .flatMap(steps => steps.statements)
    .filter(st => /^\s*\/\//.test(st) || !normal(out).includes(normal(st)));
  return out.replace(
    /^backend\.start\(\);/m,
    `${statements.join('\n')}\n\nbackend.start();`,
  );
}

/**
 * The app's App.tsx with `imports` after its last import and `features` merged into its own
 * `features: [...]` array (a README shows them as a new app's only features).
 */
export function withAppFeatures(app, imports, features) {
  const lastImport = [...app.matchAll(/^import .*;\n/gm)].at(-1);
  const at = lastImport.index + lastImport[0].length;
  const withImports = `${app.slice(0, at)}${imports.join('\n')}\n${app.slice(
    at,
  )}`;
  return withImports.replace(
    /features: \[([^\]]*)\]/,
    (_, list) =>
      `features: [${[list.trim(), ...features].filter(Boolean).join(', ')}]`,
  );
}

/**
 * Adds the tarballs (`packed`: plugin → tarball) and the READMEs' lines (`stepsByPlugin`, from
 * checkReadmes) to the stock app in `dir`.
 */
export function addSuite(dir, { packed, pluginInfo, stepsByPlugin }) {
  // Root resolutions: every packed package from its tarball, so their mutual dependencies
  // (common ← node ← backend and modules) resolve to the tarballs too.
  editJson(join(dir, 'package.json'), pkg => {
    pkg.resolutions = pkg.resolutions ?? {};
    for (const [plugin, tarball] of packed)
      pkg.resolutions[pluginInfo.get(plugin).name] = `file:${tarball}`;
  });
  // What `yarn --cwd <workspace> add <name>` writes.
  const adds = INSTALLS.flatMap(i =>
    i.fromReadme
      ? stepsByPlugin.get(i.plugin)?.adds ?? []
      : [{ workspace: i.addTo, name: pluginInfo.get(i.plugin).name }],
  );
  for (const { workspace, name } of adds) {
    const info = [...pluginInfo.values()].find(p => p.name === name);
    editJson(join(dir, workspace, 'package.json'), pkg => {
      pkg.dependencies[name] = info ? `^${info.version}` : '*';
      pkg.dependencies = Object.fromEntries(
        Object.entries(pkg.dependencies).sort(([a], [b]) => a.localeCompare(b)),
      );
    });
  }

  const backendIndex = join(dir, BACKEND_INDEX);
  const stepsList = INSTALLS.flatMap(i => stepsByPlugin.get(i.plugin) ?? []);
  writeFileSync(
    backendIndex,
    withBackendSteps(readFileSync(backendIndex, 'utf8'), stepsList),
  );

  const appFile = join(dir, 'packages/app/src/App.tsx');
  writeFileSync(
    appFile,
    withAppFeatures(
      readFileSync(appFile, 'utf8'),
      INSTALLS.flatMap(i => i.appImports ?? []),
      INSTALLS.flatMap(i => (i.appFeature ? [i.appFeature] : [])),
    ),
  );
}
