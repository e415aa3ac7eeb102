import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  createEmbeddedRepository,
  GitOpsKratixPlatform,
} from '@kratix-backstage/plugin-kratix-node';
import { parse } from 'yaml';
import { examples } from './resourceRequest.examples';
import { createKratixResourceRequestAction } from './resourceRequest';

// Real git repositories and test backends: generous on a loaded 2-core CI machine.
jest.setTimeout(30_000);

describe('kratix:resource:request examples', () => {
  let dataDir: string;
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  it.each(examples.map(e => [e.description, e.example]))(
    'runs: %s',
    async (_description, example) => {
      dataDir = await mkdtemp(join(tmpdir(), 'kratix-examples-'));
      const directory = await createEmbeddedRepository({
        dataDir,
        name: 'easyeaty',
      });
      const platform = new GitOpsKratixPlatform({
        name: 'easyeaty',
        directory,
        stateStorePaths: ['state'],
      });
      const action = createKratixResourceRequestAction({
        platforms: { get: () => platform },
        permissions: mockServices.permissions(),
      });
      const ctx = createMockActionContext({
        input: parse(example).steps[0].input,
      });
      await action.handler(ctx);
      expect(ctx.output).toHaveBeenCalledWith(
        'action',
        expect.stringMatching(/created|updated|unchanged/),
      );
    },
  );
});
