// Reading a package README's Installation section (scripts/test-install.mjs follows it as
// printed, so the README and the test cannot drift). Pure: text in, steps out.

/** The stock app's backend entry point, which the backend READMEs' blocks edit. */
export const BACKEND_INDEX = 'packages/backend/src/index.ts';

/** The text of a README's `## Installation` section up to the next `## `, if it has one. */
export function installationSection(readme) {
  const start = readme.search(/^## Installation\s*$/m);
  if (start < 0) return undefined;
  const rest = readme.slice(start + 1);
  const end = rest.search(/^## /m);
  return end < 0 ? rest : rest.slice(0, end);
}

/**
 * Text compared verbatim up to formatting: whitespace and the trailing commas prettier adds
 * when it wraps a long call are ignored.
 */
export const normal = text =>
  text.replace(/\s+/g, '').replace(/,([)\]}])/g, '$1');

/**
 * One README section's steps: `adds` ({workspace, name} of each `yarn --cwd <workspace> add
 * <name>` line of an `sh` block), `statements` (of each `ts` block headed
 * `// packages/backend/src/index.ts`, each up to its line ending with `;`, a comment line on
 * its own) and `replacements` ({remove, add} lines of each `diff` block headed
 * `--- packages/backend/src/index.ts`).
 */
export function readmeSteps(section) {
  const steps = { adds: [], statements: [], replacements: [] };
  for (const [, lang, body] of section.matchAll(
    /^```(\w+)\n([\s\S]*?)^```/gm,
  )) {
    const lines = body.replace(/\n$/, '').split('\n');
    if (lang === 'sh') {
      for (const line of lines) {
        const add = line.match(/^yarn --cwd (\S+) add (\S+)$/);
        if (add) steps.adds.push({ workspace: add[1], name: add[2] });
      }
    } else if (lang === 'ts' && lines[0] === `// ${BACKEND_INDEX}`) {
      // A call prettier wrapped spans lines.
      let statement = [];
      for (const line of lines.slice(1)) {
        statement.push(line);
        if (/;\s*$/.test(line) || /^\s*\/\//.test(line)) {
          steps.statements.push(statement.join('\n'));
          statement = [];
        }
      }
      if (statement.length) steps.statements.push(statement.join('\n'));
    } else if (lang === 'diff' && lines[0] === `--- ${BACKEND_INDEX}`) {
      const diff = lines.filter(l => !/^(---|\+\+\+) /.test(l));
      steps.replacements.push({
        remove: diff.filter(l => l.startsWith('-')).map(l => l.slice(1)),
        add: diff.filter(l => l.startsWith('+')).map(l => l.slice(1)),
      });
    }
  }
  return steps;
}

/**
 * What keeps a backend package's steps from installing `name` into a stock app whose
 * BACKEND_INDEX reads `stockIndex` (undefined: not checked against it): no `add` line for
 * it, no `backend.add(import('<name>'))` statement, a diff block that removes nothing or
 * lines the stock file does not have.
 */
export function backendStepsProblems(steps, name, stockIndex) {
  const { adds, statements, replacements } = steps;
  const problems = [];
  if (!adds.some(a => a.name === name))
    problems.push(`no \`yarn --cwd <workspace> add ${name}\` line`);
  const own = `backend.add(import('${name}'));`;
  if (!statements.some(st => normal(st) === normal(own)))
    problems.push(`no ${BACKEND_INDEX} block with ${own}`);
  for (const { remove } of replacements) {
    if (!remove.length) problems.push('a diff block removes nothing');
    else if (
      stockIndex !== undefined &&
      !stockIndex.includes(remove.join('\n'))
    )
      problems.push(
        `the stock ${BACKEND_INDEX} has no lines "${remove.join(
          '⏎',
        )}" to replace`,
      );
  }
  return problems;
}

/** The `lines` a README section does not show verbatim (up to `normal`). */
export function linesMissing(section, lines) {
  const text = normal(section);
  return lines.filter(l => !text.includes(normal(l)));
}
