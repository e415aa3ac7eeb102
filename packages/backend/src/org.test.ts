/*
 * The app's catalog holds every owner the Kratix catalog module names for the embedded
 * EasyEaty platform: each Promise, Template, request, cluster and platform entity's
 * `spec.owner` resolves to a Group or User in examples/org.yaml, which app-config.yaml
 * registers as a catalog location.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  CatalogProcessorResult,
  parseEntityYaml,
} from '@backstage/plugin-catalog-node';
import { readPlatformEntities } from '@kratix-backstage/plugin-catalog-backend-module-kratix';
import { normalizeOwnerRef } from '@kratix-backstage/plugin-kratix-common';
import {
  createEmbeddedRepository,
  GitOpsKratixPlatform,
} from '@kratix-backstage/plugin-kratix-node';

jest.setTimeout(60_000);

const root = resolve(__dirname, '../../..');
const backendDir = resolve(__dirname, '..');

/**
 * The group refs that the configuration examples adopters copy name as admins: the READMEs,
 * app-config.yaml's comments and the "No Kratix platform configured" message.
 */
function exampleAdminGroups(): string[] {
  const files = [
    'README.md',
    ...readdirSync(join(root, 'plugins')).map(p => `plugins/${p}/README.md`),
    'app-config.yaml',
    'plugins/kratix-common/src/notConfigured.ts',
  ].filter(f => existsSync(join(root, f)));
  const groups = new Set<string>();
  for (const file of files) {
    const lines = readFileSync(join(root, file), 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (!/\badmins:/.test(line)) return;
      // `admins: [a, b]`, or a list on the lines below `admins:`.
      const inline = /admins:\s*\[([^\]]*)\]/.exec(line)?.[1];
      const listed: string[] = [];
      for (let j = i + 1; !inline && j < lines.length; j++) {
        const item = /^[\s#']*-\s*(\S+?)'?,?$/.exec(lines[j])?.[1];
        if (!item) break;
        listed.push(item);
      }
      for (const ref of [...(inline?.split(',') ?? []), ...listed])
        if (ref.trim().startsWith('group:')) groups.add(ref.trim());
    });
  }
  return [...groups].sort();
}

/** The file targets of app-config.yaml's catalog.locations, resolved as the backend does (from packages/backend). */
function catalogFileLocations(): string[] {
  const text = readFileSync(join(root, 'app-config.yaml'), 'utf8');
  const section = /^catalog:\n((?:[ #].*\n|\n)*)/m.exec(text)?.[1] ?? '';
  return [...section.matchAll(/^\s+target:\s*(\S+)\s*$/gm)].map(m =>
    resolve(backendDir, m[1]),
  );
}

function readEntities(path: string): Entity[] {
  const results: CatalogProcessorResult[] = [
    ...parseEntityYaml(readFileSync(path), { type: 'file', target: path }),
  ];
  const errors = results.filter(r => r.type === 'error');
  expect(errors).toEqual([]);
  return results.flatMap(r => (r.type === 'entity' ? [r.entity] : []));
}

type Entity = Extract<CatalogProcessorResult, { type: 'entity' }>['entity'];

const refOf = (entity: Entity) =>
  `${entity.kind}:${entity.metadata.namespace ?? 'default'}/${
    entity.metadata.name
  }`.toLowerCase();
/** A ref in full as the catalog stores relations (a bare name is a group in `default`). */
const full = (ref: string) => normalizeOwnerRef(ref) ?? ref;

describe('examples/org.yaml', () => {
  const orgFile = join(root, 'examples/org.yaml');
  let dataDir: string;
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('is one of the catalog locations app-config.yaml registers', () => {
    expect(catalogFileLocations()).toContain(orgFile);
  });

  it('holds every owner the Kratix catalog module names for the seed', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kratix-org-'));
    const directory = await createEmbeddedRepository({
      dataDir,
      name: 'easyeaty',
    });
    const platform = new GitOpsKratixPlatform({
      name: 'easyeaty',
      directory,
      stateStorePaths: ['state'],
    });
    // As the app runs it: app-config.yaml sets no catalog.providers.kratix.owner.
    const kratixEntities = await readPlatformEntities(platform);
    const owners = new Set(
      kratixEntities.map(e => full(String(e.spec?.owner))),
    );
    // The seed's own owners are all there, so the check below is not vacuous.
    expect([...owners].sort()).toEqual([
      'group:default/platform-team',
      'group:default/team-checkout',
      'group:default/team-orders',
    ]);
    const org = new Set(readEntities(orgFile).map(refOf));
    const missing = [...owners].filter(owner => !org.has(owner));
    expect(missing).toEqual([]);
  });

  it("keeps the guest out of every group the examples name as a real platform's admins", () => {
    const guest = readEntities(orgFile).find(
      e => refOf(e) === 'user:development/guest',
    ) as Entity;
    const memberOf = (guest.spec?.memberOf as string[]).map(full);
    const adminGroups = exampleAdminGroups();
    // The examples' admin groups were found, so the check below is not vacuous.
    expect(adminGroups).toContain('group:default/platform-team');
    expect(memberOf.filter(g => adminGroups.includes(g))).toEqual([]);
  });

  it('makes the guest user a member of existing groups, and links the groups both ways', () => {
    const entities = readEntities(orgFile);
    const refs = new Set(entities.map(refOf));
    const guest = entities.find(
      e => refOf(e) === 'user:development/guest',
    ) as Entity;
    expect(guest).toBeDefined();
    const memberOf = (guest.spec?.memberOf as string[]).map(full);
    expect(memberOf).toContain('group:default/team-checkout');
    const groups = entities.filter(e => e.kind === 'Group');
    const links = [
      ...memberOf,
      ...groups.flatMap(g => [
        ...((g.spec?.children as string[]) ?? []),
        ...(g.spec?.parent ? [g.spec.parent as string] : []),
      ]),
    ].map(full);
    expect(links.filter(r => !refs.has(r))).toEqual([]);
    for (const group of groups) {
      for (const child of (group.spec?.children as string[]) ?? []) {
        const entity = groups.find(g => refOf(g) === full(child));
        expect(full(String(entity?.spec?.parent))).toBe(refOf(group));
      }
    }
  });
});
