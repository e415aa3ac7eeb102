/*
 * Bad input through the scaffolder actions (part of yarn test:inputs): every case fails the
 * step with a message naming the field, and nothing is committed. Prints the figures.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createEmbeddedRepository, git, GitOpsKratixPlatform, MarketplaceClient } from '@kratix-backstage/plugin-kratix-node';
import { createKratixPromiseInstallAction, createKratixResourceRequestAction } from '../actions';

// Real git repositories and test backends: generous on a loaded 2-core CI machine.
jest.setTimeout(30_000);

const ok = { platform: 'easyeaty', promise: 'jenkins', name: 'ok-name', namespace: 'team-a', spec: { env: 'dev' } };
const requestCases: Array<[string, Record<string, unknown>, string]> = [
  ['upper-case name', { ...ok, name: 'MyJenkins' }, 'metadata.name'],
  ['name of 64 characters', { ...ok, name: 'a'.repeat(64) }, '63 characters'],
  ['relative path as name', { ...ok, name: '../../etc' }, 'metadata.name'],
  ['absolute path as namespace', { ...ok, namespace: '/var' }, 'metadata.namespace'],
  ['YAML separator as namespace', { ...ok, namespace: '---' }, 'metadata.namespace'],
  ['template syntax in a value', { ...ok, spec: { env: '${{ secrets.x }}' } }, 'spec.env'],
  ['string for an integer', { ...ok, spec: { env: 'dev', agents: 'many' } }, 'spec.agents'],
  ['unknown spec field', { ...ok, spec: { env: 'dev', root: true } }, 'spec.root'],
  ['unknown platform', { ...ok, platform: 'nowhere' }, 'platform'],
  ['unknown Promise', { ...ok, promise: 'mongodb' }, 'promise'],
];

describe('bad input through the scaffolder actions', () => {
  let dataDir: string;
  let directory: string;
  let platform: GitOpsKratixPlatform;
  let tried = 0;
  let rejected = 0;
  let writes = 0;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kratix-action-inputs-'));
    directory = await createEmbeddedRepository({ dataDir, name: 'easyeaty' });
    platform = new GitOpsKratixPlatform({ name: 'easyeaty', directory, stateStorePaths: ['state'], maxAgeMs: 0 });
  });
  afterAll(async () => {
    // eslint-disable-next-line no-console
    console.log(`action-inputs: ${tried} cases tried, ${rejected} rejected correctly, ${writes} writes observed`);
    await rm(dataDir, { recursive: true, force: true });
  });

  const platforms = () => ({
    get: (name: string) => (name === 'easyeaty' ? platform : undefined),
    marketplace: new MarketplaceClient({ allowedHosts: ['raw.githubusercontent.com'] }),
  });
  const commits = async () => (await git(directory, ['rev-list', '--count', '--all'])).trim();

  async function expectRejected(run: () => Promise<void>, mentions: string) {
    tried++;
    const before = await commits();
    const error = await run().then(
      () => undefined,
      e => e as Error,
    );
    const after = await commits();
    if (after !== before) writes++;
    if (error && error.message.includes(mentions) && after === before) rejected++;
    expect(error?.message).toContain(mentions);
    expect(after).toBe(before);
  }

  it.each(requestCases)('kratix:resource:request rejects %s', async (_name, input, mentions) => {
    const action = createKratixResourceRequestAction({ platforms: platforms(), permissions: mockServices.permissions() });
    await expectRejected(() => action.handler(createMockActionContext({ input: input as any })), mentions);
  });

  it.each([
    ['a URL off the allow-list', { platform: 'easyeaty', url: 'https://evil.example/p.yaml' }, 'allowed host'],
    ['both a name and a URL', { platform: 'easyeaty', name: 'redis', url: 'https://raw.githubusercontent.com/x' }, 'give either'],
  ] as const)('kratix:promise:install rejects %s', async (_name, input, mentions) => {
    const action = createKratixPromiseInstallAction({ platforms: platforms(), permissions: mockServices.permissions() });
    await expectRejected(() => action.handler(createMockActionContext({ input: input as any })), mentions);
  });
});
