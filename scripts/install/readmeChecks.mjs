// Step 3a of scripts/test-install.mjs: each installed package's README has an Installation
// section the test can follow: a backend package's steps (read out of it) install it into the
// stock app; the frontend's lines are printed there verbatim.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INSTALLS, readmeCheck, ROOT } from './config.mjs';
import {
  BACKEND_INDEX,
  backendStepsProblems,
  installationSection,
  linesMissing,
  readmeSteps,
} from './readme.mjs';

/**
 * Checks every INSTALLS entry's README; returns the steps read from the backend packages'
 * READMEs, by plugin (what `addSuite` applies).
 */
export function checkReadmes({ pluginInfo, pass, fail }, templateDir) {
  const stepsByPlugin = new Map();
  const stockIndexFile = join(templateDir, BACKEND_INDEX);
  for (const install of INSTALLS) {
    const name = pluginInfo.get(install.plugin).name;
    const check = readmeCheck(install);
    const section = installationSection(
      readFileSync(join(ROOT, 'plugins', install.plugin, 'README.md'), 'utf8'),
    );
    if (!section) {
      fail(
        check,
        `plugins/${install.plugin}/README.md has no "## Installation" section`,
      );
      continue;
    }
    if (install.fromReadme) {
      const steps = readmeSteps(section);
      stepsByPlugin.set(install.plugin, steps);
      const stock = existsSync(stockIndexFile)
        ? readFileSync(stockIndexFile, 'utf8')
        : undefined;
      const problems = backendStepsProblems(steps, name, stock);
      if (problems.length) fail(check, problems.join('; '));
      else {
        console.log(
          `   ${install.plugin}: ${steps.adds.length} add, ${steps.statements.length} statements, ${steps.replacements.length} replacements`,
        );
        pass(check);
      }
      continue;
    }
    const missing = linesMissing(section, [
      `yarn --cwd ${install.addTo} add ${name}`,
      ...(install.appImports ?? []),
      ...(install.appReadmeLines ?? []),
    ]);
    if (missing.length)
      fail(check, `not in its Installation section: ${missing.join(' ; ')}`);
    else pass(check);
  }
  return stepsByPlugin;
}
