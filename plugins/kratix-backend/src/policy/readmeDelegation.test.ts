/*
 * The README's policy for an app that keeps a policy of its own (Installation, "An app with a
 * policy of its own"), run as the README prints it: every Kratix permission gets the shipped
 * policy's decision, every other permission the app's own.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  AuthorizeResult,
  Permission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { kratixPermissions } from '@kratix-backstage/plugin-kratix-common';
import { KratixPermissionPolicy } from './KratixPermissionPolicy';

const README = resolve(__dirname, '../../README.md');

/** The README's TypeScript block that calls kratixPolicyDecision from a policy class. */
function readmeDelegatingPolicy(): string {
  const blocks = [
    ...readFileSync(README, 'utf8').matchAll(/```ts\n([\s\S]*?)```/g),
  ].map(m => m[1]);
  const found = blocks.filter(
    b =>
      b.includes('kratixPolicyDecision(') &&
      /implements PermissionPolicy/.test(b),
  );
  expect(found).toHaveLength(1);
  return found[0];
}

/** Loads the block as a module, its package imports pointed at this checkout's. */
function loadReadmePolicy(): new () => PermissionPolicy {
  const source = readmeDelegatingPolicy();
  const where: Record<string, string> = {
    '@kratix-backstage/plugin-kratix-backend': resolve(
      __dirname,
      '../index.ts',
    ),
    '@backstage/plugin-permission-common': require.resolve(
      '@backstage/plugin-permission-common',
    ),
    '@backstage/plugin-permission-node': require.resolve(
      '@backstage/plugin-permission-node',
    ),
  };
  const imports = [...source.matchAll(/from '([^']+)'/g)].map(m => m[1]);
  expect(imports.filter(i => !where[i])).toEqual([]);
  const dir = mkdtempSync(join(tmpdir(), 'kratix-readme-policy-'));
  try {
    const file = join(dir, 'policy.ts');
    writeFileSync(
      file,
      source.replace(/from '([^']+)'/g, (_, name) => `from '${where[name]}'`),
    );
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const module = require(file);
    const classes = Object.values(module).filter(
      v => typeof v === 'function',
    ) as Array<new () => PermissionPolicy>;
    expect(classes).toHaveLength(1);
    return classes[0];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const user = (ref: string, groups: string[] = []): PolicyQueryUser =>
  ({
    info: { userEntityRef: ref, ownershipEntityRefs: [ref, ...groups] },
  } as any);

describe("the README's delegating policy", () => {
  const Policy = loadReadmePolicy();
  const readmePolicy = new Policy();
  const shipped = new KratixPermissionPolicy();
  const users = [
    user('user:default/dev', ['group:default/team-a']),
    user('user:default/ops', ['group:default/platform-team']),
  ];

  it.each(kratixPermissions.map(p => [p.name, p] as const))(
    'gives %s the shipped policy decision',
    async (_name, permission) => {
      for (const who of users) {
        const query = { permission } as any;
        const decision: PolicyDecision = await readmePolicy.handle(query, who);
        expect(decision).toEqual(await shipped.handle(query, who));
      }
    },
  );

  it("leaves every other permission to the app's own rules", async () => {
    const other: Permission = {
      type: 'basic',
      name: 'catalog.entity.create',
      attributes: { action: 'create' },
    };
    // The README's own rule denies; the shipped policy would have allowed.
    expect(await readmePolicy.handle({ permission: other }, users[0])).toEqual({
      result: AuthorizeResult.DENY,
    });
    expect((await shipped.handle({ permission: other }, users[0])).result).toBe(
      AuthorizeResult.ALLOW,
    );
  });
});
