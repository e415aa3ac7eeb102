/*
 * The Kratix actions reached as an MCP client reaches them: Backstage's MCP actions backend
 * (@backstage/plugin-mcp-actions-backend) in the same backend as the Kratix plugin, the
 * permission framework with the suite's policy, this app's `backend.actions` and
 * `mcpActions` configuration, and the MCP SDK's client over Streamable HTTP with a user's
 * Backstage credentials. The request lands in a real git repository.
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mockCredentials } from '@backstage/backend-test-utils';
import mcpActionsPlugin from '@backstage/plugin-mcp-actions-backend';
import {
  createEmbeddedRepository,
  git,
  GitOpsKratixPlatform,
} from '@kratix-backstage/plugin-kratix-node';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import request from 'supertest';
import { parse } from 'yaml';
import {
  SeenAuditEvent,
  startPolicyBackend,
} from '../__testUtils__/startPolicyBackend';

// Real git repositories and a test backend: generous on a loaded 2-core CI machine.
jest.setTimeout(60_000);

const as = (user: string) =>
  mockCredentials.user.header(`user:default/${user}`);

/** The sections of this app's app-config.yaml that offer the actions over MCP. */
async function appMcpConfig() {
  const config = parse(
    await readFile(join(__dirname, '../../../../app-config.yaml'), 'utf8'),
  );
  return {
    backend: { actions: config.backend.actions },
    mcpActions: config.mcpActions,
  };
}

describe('the Kratix actions over MCP (MCP SDK client, Streamable HTTP)', () => {
  let dataDir: string;
  let directory: string;
  let server: Server;
  let config: Awaited<ReturnType<typeof appMcpConfig>>;
  const audit: SeenAuditEvent[] = [];
  const clients: Client[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kratix-mcp-'));
    directory = await createEmbeddedRepository({ dataDir, name: 'easyeaty' });
    const easyeaty = new GitOpsKratixPlatform({
      name: 'easyeaty',
      admins: ['group:default/platform-team'],
      directory,
      stateStorePaths: ['state'],
      maxAgeMs: 0,
    });
    config = await appMcpConfig();
    server = await startPolicyBackend(
      [easyeaty],
      audit,
      [mcpActionsPlugin],
      config,
    );
  });
  afterAll(async () => {
    await Promise.all(clients.map(c => c.close()));
    await rm(dataDir, { recursive: true, force: true });
  });

  /** An MCP client connected as `user`, with the Backstage token the MCP backend reads. */
  async function connectAs(user: string): Promise<Client> {
    const { port } = server.address() as AddressInfo;
    const client = new Client({ name: 'kratix-mcp-test', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(
        new URL(`http://localhost:${port}/api/mcp-actions/v1`),
        { requestInit: { headers: { Authorization: as(user) } } },
      ),
    );
    clients.push(client);
    return client;
  }

  const commits = async () =>
    Number((await git(directory, ['rev-list', '--count', 'HEAD'])).trim());
  const exists = (path: string) =>
    stat(path).then(
      () => true,
      () => false,
    );
  const requestFile = (name: string) =>
    join(directory, 'requests/jenkins/team-checkout', `${name}.yaml`);

  it("lists the suite's actions as tools, each action's attributes as its hints", async () => {
    // This app offers the Kratix actions (backend.actions.pluginSources of app-config.yaml).
    expect(config.backend.actions.pluginSources).toContain('kratix');
    const client = await connectAs('alice');
    // The server is the one app-config.yaml's mcpActions describes.
    expect(client.getServerVersion()?.name).toBe(config.mcpActions.name);
    const { tools } = await client.listTools();
    const kratixTools = tools.filter(t => t.name.startsWith('kratix.'));
    // eslint-disable-next-line no-console
    for (const tool of kratixTools)
      console.log(
        `tool ${tool.name} readOnly=${tool.annotations?.readOnlyHint} destructive=${tool.annotations?.destructiveHint} idempotent=${tool.annotations?.idempotentHint}`,
      );

    // What the actions registry says of each action, as the MCP backend reads it.
    const registry = await request(server)
      .get('/api/kratix/.backstage/actions/v1/actions')
      .set('Authorization', as('alice'));
    expect(registry.status).toBe(200);
    const registered: Array<{
      name: string;
      title: string;
      attributes: Record<string, boolean>;
    }> = registry.body.actions;
    expect(registered.length).toBeGreaterThanOrEqual(12);
    // McpService names a tool `<pluginId>.<action name>` (namespacedToolNames defaults to
    // true) and maps readOnly, destructive and idempotent to the MCP tool annotations.
    expect(
      kratixTools.map(t => ({ name: t.name, annotations: t.annotations })),
    ).toEqual(
      registered.map(a => ({
        name: `kratix.${a.name}`,
        annotations: {
          title: a.title,
          readOnlyHint: a.attributes.readOnly,
          destructiveHint: a.attributes.destructive,
          idempotentHint: a.attributes.idempotent,
          openWorldHint: false,
        },
      })),
    );
    const hints = (name: string) => {
      const a = kratixTools.find(t => t.name === name)?.annotations;
      return [a?.readOnlyHint, a?.destructiveHint, a?.idempotentHint];
    };
    // Reads are read-only; delete (manage-request), replacing a spec (update-request) and
    // moving to another version are destructive; a create keyed by name writes once, however
    // often it is repeated (make-request: idempotent, as the next test shows).
    expect(hints('kratix.get-request')).toEqual([true, false, true]);
    expect(hints('kratix.fleet-health')).toEqual([true, false, true]);
    expect(hints('kratix.list-promises')).toEqual([true, false, true]);
    expect(hints('kratix.manage-request')).toEqual([false, true, false]);
    expect(hints('kratix.update-request')).toEqual([false, true, true]);
    expect(hints('kratix.make-request')).toEqual([false, false, true]);
    expect(hints('kratix.move-requests')).toEqual([false, true, true]);
    expect(hints('kratix.dry-run-request')).toEqual([false, false, false]);
    // Each tool takes the action's input schema.
    expect(
      kratixTools.find(t => t.name === 'kratix.make-request')?.inputSchema
        .required,
    ).toEqual(expect.arrayContaining(['promise', 'namespace', 'name']));
  });

  it('makes a request for a user who may, committed to the requests repository and audited', async () => {
    const client = await connectAs('alice');
    const before = await commits();
    const auditFrom = audit.length;
    const call = {
      name: 'kratix.make-request',
      arguments: {
        platform: 'easyeaty',
        promise: 'jenkins',
        namespace: 'team-checkout',
        name: 'mcp-nightly',
        spec: { env: 'staging', agents: 2 },
        owner: 'group:default/team-checkout',
      },
    };
    const result: any = await client.callTool(call);
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual(
      expect.objectContaining({
        action: 'created',
        path: 'requests/jenkins/team-checkout/mcp-nightly.yaml',
        dryRun: false,
      }),
    );
    expect(await commits()).toBe(before + 1);
    expect(result.structuredContent.commit).toBe(
      (await git(directory, ['rev-parse', 'HEAD'])).trim(),
    );
    const written = parse(await readFile(requestFile('mcp-nightly'), 'utf8'));
    expect(written.spec).toEqual({ env: 'staging', agents: 2 });
    expect(written.metadata.labels['backstage.io/owner']).toBe(
      'group-team-checkout',
    );
    expect(
      audit
        .slice(auditFrom)
        .filter(e => e.eventId !== 'connection')
        .map(e => [e.eventId, e.meta.toolName ?? e.meta.actor, e.outcome]),
    ).toEqual([
      ['tool-execution', 'kratix.make-request', 'success'],
      ['request-create', 'user:default/alice', 'success'],
    ]);

    // The same call again (an agent retrying) has no additional effect: the name is taken.
    const repeated: any = await client.callTool(call);
    expect(repeated.isError).toBe(true);
    expect(repeated.content[0].text).toMatch(
      /^ConflictError: .*already exists/,
    );
    expect(await commits()).toBe(before + 1);
  });

  it('refuses a user who may not, writes nothing, and audits the refusal', async () => {
    const client = await connectAs('bob');
    const before = await commits();
    const auditFrom = audit.length;
    // bob (team-payments) may not record team-checkout as a request's owner...
    const reowned: any = await client.callTool({
      name: 'kratix.make-request',
      arguments: {
        platform: 'easyeaty',
        promise: 'jenkins',
        namespace: 'team-checkout',
        name: 'bobs-nightly',
        spec: { env: 'dev' },
        owner: 'group:default/team-checkout',
      },
    });
    // ...nor delete alice's team's request (only its owner or a platform admin may).
    const deleted: any = await client.callTool({
      name: 'kratix.manage-request',
      arguments: {
        platform: 'easyeaty',
        promise: 'jenkins',
        namespace: 'team-checkout',
        name: 'mcp-nightly',
        action: 'delete',
      },
    });
    // eslint-disable-next-line no-console
    for (const [tool, result] of [
      ['kratix.make-request', reowned],
      ['kratix.manage-request', deleted],
    ])
      console.log(`refused ${tool} as bob: ${result.content[0].text}`);
    // The MCP backend answers a known Backstage error as a tool error naming it.
    expect(reowned.isError).toBe(true);
    expect(reowned.content[0].text).toMatch(/^NotAllowedError: /);
    expect(deleted.isError).toBe(true);
    expect(deleted.content[0].text).toMatch(/^NotAllowedError: /);
    expect(await commits()).toBe(before);
    expect(await exists(requestFile('bobs-nightly'))).toBe(false);
    expect(await exists(requestFile('mcp-nightly'))).toBe(true);
    expect(
      audit
        .slice(auditFrom)
        .filter(e => e.eventId !== 'connection')
        .map(e => [e.eventId, e.meta.toolName ?? e.meta.actor, e.outcome]),
    ).toEqual([
      ['tool-execution', 'kratix.make-request', 'fail'],
      ['request-create', 'user:default/bob', 'fail'],
      ['tool-execution', 'kratix.manage-request', 'fail'],
      ['request-manage', 'user:default/bob', 'fail'],
    ]);
  });
});
