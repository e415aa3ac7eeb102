/*
 * Bad input through the scaffolder actions (part of yarn test:inputs): every case fails the
 * step with a message naming the field, and nothing is committed. Prints the figures.
 *
 * `---` (a YAML document separator) and `${{ ... }}` (template syntax, which reaches an
 * action as text when a form value holds it): in a name or namespace they are rejected by
 * the DNS-1123 rules, in an owner because it is not an entity ref, in an enum or patterned
 * spec field by the Promise's schema. In free text (a string property of a Promise's API,
 * the entity ref) they are data: the request is written, and the committed document is
 * checked to be exactly one YAML document holding the text unchanged (no second document,
 * nothing evaluated). Those are counted apart in the `action-inputs:` line.
 *
 * The test command shows the suite can fail: run with one validator switched off (below), it
 * must fail naming the field that got through.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { parseAllDocuments } from 'yaml';
import {
  createEmbeddedRepository,
  git,
  GitOpsKratixPlatform,
  MarketplaceClient,
} from '@kratix-backstage/plugin-kratix-node';
import {
  createKratixPromiseInstallAction,
  createKratixResourceRequestAction,
} from '../actions';

/**
 * To see the suite fail (test-only, read by this file only): with
 * `KRATIX_TEST_VALIDATOR_OFF_FOR=<field>` (say `spec.env`), the request validator reports no
 * error on that field, to every caller in the code under test; the cases that field must
 * reject then get through, each printed naming it:
 * `action-inputs: spec.env got through ("value outside the enum": …)`.
 */
jest.mock('@kratix-backstage/plugin-kratix-common', () => {
  const actual = jest.requireActual('@kratix-backstage/plugin-kratix-common');
  const off = process.env.KRATIX_TEST_VALIDATOR_OFF_FOR;
  if (!off) return actual;
  return {
    ...actual,
    validateResourceRequest: (
      ...args: Parameters<typeof actual.validateResourceRequest>
    ) =>
      actual.validationResultOf(
        actual
          .validateResourceRequest(...args)
          .errors.filter((e: { field: string }) => e.field !== off),
      ),
  };
});

// Real git repositories and test backends: generous on a loaded 2-core CI machine.
jest.setTimeout(30_000);

const ok = {
  platform: 'easyeaty',
  promise: 'jenkins',
  name: 'ok-name',
  namespace: 'team-a',
  spec: { env: 'dev' },
};
const database = {
  ...ok,
  promise: 'postgresql',
  name: 'db',
  spec: { teamId: 'orders' },
};
const yamlDocument = 'x\n---\nkind: Secret';
const templateSyntax = '${{ secrets.x }}';
const requestCases: Array<[string, Record<string, unknown>, string]> = [
  ['upper-case name', { ...ok, name: 'MyJenkins' }, 'metadata.name'],
  ['name of 64 characters', { ...ok, name: 'a'.repeat(64) }, '63 characters'],
  ['relative path as name', { ...ok, name: '../../etc' }, 'metadata.name'],
  [
    'absolute path as namespace',
    { ...ok, namespace: '/var' },
    'metadata.namespace',
  ],
  [
    'YAML separator as namespace',
    { ...ok, namespace: '---' },
    'metadata.namespace',
  ],
  [
    'template syntax in an enum value',
    { ...ok, spec: { env: templateSyntax } },
    'spec.env',
  ],
  [
    'YAML document as name',
    { ...ok, name: '---\nkind: Secret' },
    'metadata.name',
  ],
  ['template syntax as name', { ...ok, name: templateSyntax }, 'metadata.name'],
  ['YAML document as owner', { ...ok, owner: yamlDocument }, 'owner'],
  ['template syntax as owner', { ...ok, owner: templateSyntax }, 'owner'],
  [
    'YAML document in a spec string with a pattern',
    { ...database, spec: { teamId: yamlDocument } },
    'spec.teamId',
  ],
  [
    'string for an integer',
    { ...ok, spec: { env: 'dev', agents: 'many' } },
    'spec.agents',
  ],
  [
    'unknown spec field',
    { ...ok, spec: { env: 'dev', root: true } },
    'spec.root',
  ],
  ['unknown platform', { ...ok, platform: 'nowhere' }, 'platform'],
  ['unknown Promise', { ...ok, promise: 'mongodb' }, 'promise'],
];

/** Free text written as given: `at` is where the committed document must hold it. */
const dataCases: Array<[string, Record<string, unknown>, string[], unknown]> = [
  [
    'YAML document in a free-text spec string',
    {
      ...database,
      name: 'db-yaml',
      spec: { teamId: 'orders', dbName: yamlDocument },
    },
    ['spec', 'dbName'],
    yamlDocument,
  ],
  [
    'template syntax in a free-text spec string',
    {
      ...database,
      name: 'db-template',
      spec: { teamId: 'orders', dbName: templateSyntax },
    },
    ['spec', 'dbName'],
    templateSyntax,
  ],
  [
    // The entity ref is not checked to be one (an owner is): kept as data all the same.
    'YAML document as the entity ref',
    { ...ok, name: 'entity-yaml', entity: yamlDocument },
    ['metadata', 'annotations', 'backstage.io/entity-ref'],
    yamlDocument,
  ],
  [
    'template syntax as the entity ref',
    { ...ok, name: 'entity-template', entity: templateSyntax },
    ['metadata', 'annotations', 'backstage.io/entity-ref'],
    templateSyntax,
  ],
];

describe('bad input through the scaffolder actions', () => {
  let dataDir: string;
  let directory: string;
  let platform: GitOpsKratixPlatform;
  let tried = 0;
  let rejected = 0;
  let writes = 0;
  let keptAsData = 0;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kratix-action-inputs-'));
    directory = await createEmbeddedRepository({ dataDir, name: 'easyeaty' });
    platform = new GitOpsKratixPlatform({
      name: 'easyeaty',
      directory,
      stateStorePaths: ['state'],
      maxAgeMs: 0,
    });
  });
  afterAll(async () => {
    // eslint-disable-next-line no-console
    console.log(
      `action-inputs: ${
        tried + dataCases.length
      } cases tried, ${rejected} of ${tried} rejected correctly (${writes} writes observed), ${keptAsData} of ${
        dataCases.length
      } free-text values written as data (one YAML document each, text unchanged)`,
    );
    await rm(dataDir, { recursive: true, force: true });
  });

  const platforms = () => ({
    get: (name: string) => (name === 'easyeaty' ? platform : undefined),
    marketplace: new MarketplaceClient({
      allowedHosts: ['raw.githubusercontent.com'],
    }),
  });
  const commits = async () =>
    (await git(directory, ['rev-list', '--count', '--all'])).trim();

  async function expectRejected(
    name: string,
    run: () => Promise<void>,
    mentions: string,
  ) {
    tried++;
    const before = await commits();
    const error = await run().then(
      () => undefined,
      e => e as Error,
    );
    const after = await commits();
    if (after !== before) writes++;
    if (error && error.message.includes(mentions) && after === before)
      rejected++;
    else {
      // eslint-disable-next-line no-console
      console.log(
        `action-inputs: ${mentions} got through ("${name}": ${
          error ? error.message.slice(0, 80) : 'no error'
        }${after !== before ? ', written' : ''})`,
      );
    }
    expect(error?.message).toContain(mentions);
    expect(after).toBe(before);
  }

  it.each(requestCases)(
    'kratix:resource:request rejects %s',
    async (name, input, mentions) => {
      const action = createKratixResourceRequestAction({
        platforms: platforms(),
        permissions: mockServices.permissions(),
      });
      await expectRejected(
        name,
        () => action.handler(createMockActionContext({ input: input as any })),
        mentions,
      );
    },
  );

  it.each([
    [
      'a URL off the allow-list',
      { platform: 'easyeaty', url: 'https://evil.example/p.yaml' },
      'allowed host',
    ],
    [
      'both a name and a URL',
      {
        platform: 'easyeaty',
        name: 'redis',
        url: 'https://raw.githubusercontent.com/x',
      },
      'give either',
    ],
  ] as const)(
    'kratix:promise:install rejects %s',
    async (name, input, mentions) => {
      const action = createKratixPromiseInstallAction({
        platforms: platforms(),
        permissions: mockServices.permissions(),
      });
      await expectRejected(
        name,
        () => action.handler(createMockActionContext({ input: input as any })),
        mentions,
      );
    },
  );

  it.each(dataCases)(
    'kratix:resource:request writes %s as data, in one YAML document',
    async (_name, input, at, value) => {
      const action = createKratixResourceRequestAction({
        platforms: platforms(),
        permissions: mockServices.permissions(),
      });
      const before = Number(await commits());
      const ctx = createMockActionContext({ input: input as any });
      await action.handler(ctx);
      expect(Number(await commits())).toBe(before + 1);
      const outputs = Object.fromEntries((ctx.output as jest.Mock).mock.calls);
      expect(outputs.action).toBe('created');
      const documents = parseAllDocuments(
        await git(directory, ['show', `HEAD:${outputs.path}`]),
      );
      expect(documents).toHaveLength(1);
      const [document] = documents as any[];
      expect(document.errors).toEqual([]);
      const written = document.toJS();
      expect(written.kind).toBe(input.promise);
      expect(written.metadata.name).toBe(input.name);
      expect(at.reduce((where: any, key) => where?.[key], written)).toEqual(
        value,
      );
      keptAsData++;
    },
  );
});
