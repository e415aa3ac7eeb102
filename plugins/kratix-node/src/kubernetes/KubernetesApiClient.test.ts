import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { setupServer } from 'msw/node';
import { FakeKubernetesApi } from '../testing/fakeKubernetesApi';
import { kubeConfigFor } from '../testing/kubeConfigFor';
import {
  KubernetesApiClient,
  peekContinue,
  withoutWorkloadContent,
} from './KubernetesApiClient';
import { KubernetesApiError } from './KubernetesApiError';

jest.setTimeout(30_000);

const fake = new FakeKubernetesApi();
const server = setupServer(...fake.handlers());
registerMswTestHooks(server);

const works = {
  group: 'platform.kratix.io',
  version: 'v1alpha1',
  plural: 'works',
  namespaced: true,
};

const cut = (json: string) =>
  JSON.parse(withoutWorkloadContent(Buffer.from(json)).toString('utf8'));

describe('withoutWorkloadContent', () => {
  it('leaves out the content of workloads in either key order', () => {
    const value = {
      items: [
        {
          spec: {
            workloads: [
              { filepath: 'a.yaml', content: `H4sI${'A'.repeat(500)}` },
              { content: 'H4sIBB==', filepath: 'b.yaml' },
              { filepath: 'c "quoted".yaml', content: 'with \\"escapes\\"' },
              { filepath: '', content: '' },
            ],
          },
        },
      ],
    };
    expect(cut(JSON.stringify(value))).toEqual({
      items: [
        {
          spec: {
            workloads: [
              { filepath: 'a.yaml' },
              { filepath: 'b.yaml' },
              { filepath: 'c "quoted".yaml' },
              { filepath: '' },
            ],
          },
        },
      ],
    });
  });

  it('keeps every other content key and any text it cannot be sure of', () => {
    const value = {
      metadata: {
        annotations: {
          content: 'kept',
          note: '{"filepath":"x","content":"y"}',
        },
      },
      spec: {
        workloads: [
          { filepath: 'a.yaml', content: 'abc', extra: true },
          { content: 'abc' },
          { content: 42, filepath: 'n.yaml' },
        ],
      },
    };
    expect(cut(JSON.stringify(value))).toEqual(value);
    const spaced = JSON.stringify(value, null, 2);
    expect(withoutWorkloadContent(Buffer.from(spaced)).toString()).toBe(spaced);
  });

  it("leaves out the named members of the items, at any depth, but not the list's own", () => {
    const members = [
      'uid',
      'ownerReferences',
      'resourceVersion',
      'managedFields',
    ];
    const value = {
      kind: 'WorkPlacementList',
      metadata: { resourceVersion: '42', continue: 'abc' },
      items: [
        {
          metadata: {
            uid: 'u-1',
            name: 'first',
            resourceVersion: '7',
            ownerReferences: [
              { kind: 'Work', name: 'w', uid: 'u-0', note: 'a ] } " ,' },
            ],
            managedFields: [{ fieldsV1: { 'f:spec': {} }, time: 't' }],
            labels: { note: '"uid":"in a string"' },
          },
          spec: {
            workloads: [{ filepath: 'a.yaml', content: 'H4sIAAAA' }],
          },
        },
        { metadata: { uid: 'only' } },
        { metadata: { name: 'last', uid: 'u-2' } },
      ],
    };
    const text = withoutWorkloadContent(
      Buffer.from(JSON.stringify(value)),
      members,
    ).toString();
    expect(JSON.parse(text)).toEqual({
      kind: 'WorkPlacementList',
      metadata: { resourceVersion: '42', continue: 'abc' },
      items: [
        {
          metadata: {
            name: 'first',
            labels: { note: '"uid":"in a string"' },
          },
          spec: { workloads: [{ filepath: 'a.yaml' }] },
        },
        // A member alone in its object has no comma to go with: it stays.
        { metadata: { uid: 'only' } },
        { metadata: { name: 'last' } },
      ],
    });
  });
});

describe('peekContinue', () => {
  const list = (text: string) => peekContinue(Buffer.from(text));
  it("reads the token from the list's metadata, ahead of the items", () => {
    expect(
      list(
        '{"kind":"WorkList","apiVersion":"platform.kratix.io/v1alpha1","metadata":{"resourceVersion":"42","continue":"eyJ2IjoxfQ=="},"items":[{"metadata":{"name":"a","continue":"no"}}]}',
      ),
    ).toBe('eyJ2IjoxfQ==');
    expect(
      list('{"metadata":{"resourceVersion":"42"},"items":[]}'),
    ).toBeUndefined();
  });

  it('says it cannot tell when the items come first', () => {
    expect(
      list('{"items":[{"metadata":{"name":"a"}}],"metadata":{"continue":"x"}}'),
    ).toBeNull();
  });
});

describe('KubernetesApiClient.list', () => {
  beforeAll(() => {
    fake.put({
      apiVersion: 'platform.kratix.io/v1alpha1',
      kind: 'Work',
      metadata: {
        name: 'db-configure',
        namespace: 'team-a',
        labels: { owner: 'équipe-données' },
        annotations: { content: 'not a workload' },
      },
      spec: {
        promiseName: 'postgresql',
        workloadGroups: [
          {
            id: 'g1',
            directory: '.',
            workloads: [{ filepath: 'db.yaml', content: 'H4sIAAAA' }],
          },
        ],
      },
    } as any);
  });

  it('lists with the client credentials and keeps non-ASCII text', async () => {
    const client = new KubernetesApiClient(kubeConfigFor(fake));
    const { items, resourceVersion } = await client.list<any>(works);
    expect(resourceVersion).not.toBe('');
    expect(items).toHaveLength(1);
    expect(items[0].metadata.labels.owner).toBe('équipe-données');
    expect(items[0].spec.workloadGroups[0].workloads).toEqual([
      { filepath: 'db.yaml', content: 'H4sIAAAA' },
    ]);
  });

  it('leaves workload content out when asked, and nothing else', async () => {
    const client = new KubernetesApiClient(kubeConfigFor(fake));
    const { items } = await client.list<any>(works, {
      namespace: 'team-a',
      withoutWorkloadContent: true,
    });
    expect(items[0].spec.workloadGroups[0].workloads).toEqual([
      { filepath: 'db.yaml' },
    ]);
    expect(items[0].metadata.annotations).toEqual({
      content: 'not a workload',
    });
  });

  it('lists page by page, and stops when told', async () => {
    for (const name of ['p1', 'p2', 'p3', 'p4', 'p5'])
      fake.put({
        apiVersion: 'platform.kratix.io/v1alpha1',
        kind: 'Work',
        metadata: { name, namespace: 'team-pages' },
        spec: { promiseName: 'postgresql', workloadGroups: [] },
      } as any);
    const client = new KubernetesApiClient(kubeConfigFor(fake));
    const pages: string[][] = [];
    const { resourceVersion } = await client.listPaged<any>(
      { ...works, namespaced: true },
      { namespace: 'team-pages', limit: 2 },
      items => void pages.push(items.map(i => i.metadata.name)),
    );
    expect(resourceVersion).not.toBe('');
    expect(pages).toEqual([['p1', 'p2'], ['p3', 'p4'], ['p5']]);
    const first: string[][] = [];
    await client.listPaged<any>(
      works,
      { namespace: 'team-pages', limit: 2 },
      items => {
        first.push(items.map(i => i.metadata.name));
        return false;
      },
    );
    expect(first).toEqual([['p1', 'p2']]);
  });

  it('sizes pages to their text, and hands every object over once, in order', async () => {
    const names = Array.from({ length: 150 }, (_, i) => `big-${1000 + i}`);
    for (const name of names)
      fake.put({
        apiVersion: 'platform.kratix.io/v1alpha1',
        kind: 'Work',
        metadata: {
          name,
          namespace: 'team-big',
          annotations: { note: 'x'.repeat(4000) },
        },
        spec: { promiseName: 'postgresql', workloadGroups: [] },
      } as any);
    const limits: number[] = [];
    const onRequest = ({ request }: { request: Request }) => {
      const url = new URL(request.url);
      if (url.pathname.endsWith('/namespaces/team-big/works'))
        limits.push(Number(url.searchParams.get('limit')));
    };
    server.events.on('request:start', onRequest);
    try {
      const client = new KubernetesApiClient(kubeConfigFor(fake));
      const listed: string[] = [];
      await client.listPaged<any>(
        works,
        { namespace: 'team-big', limit: 500 },
        items => void listed.push(...items.map(i => i.metadata.name)),
      );
      expect(listed).toEqual(names);
      // The first page is small (and so is the one asked for ahead while it is parsed);
      // the next ones fit about 96 KB of these 4 KB objects.
      expect(limits).toEqual([50, 50, 22, 22, 22]);
    } finally {
      server.events.removeListener('request:start', onRequest);
    }
  });

  it('reports HTTP errors with their status, without the credentials', async () => {
    const stranger = new KubernetesApiClient(kubeConfigFor(fake)).withToken(
      'not-a-known-token',
    );
    const error = await stranger.list(works).catch(e => e);
    expect(error).toBeInstanceOf(KubernetesApiError);
    expect(error.statusCode).toBe(401);
    expect(error.message).toContain('list works.platform.kratix.io/v1alpha1');
    expect(error.message).not.toContain('not-a-known-token');

    const client = new KubernetesApiClient(kubeConfigFor(fake));
    fake.fail({ status: 500, times: 1, pathIncludes: '/works' });
    await expect(client.list(works)).rejects.toMatchObject({
      statusCode: 500,
    });
  });

  it('reports an unreachable server as 503', async () => {
    const nowhere = new FakeKubernetesApi('https://nowhere.kratix.invalid');
    const client = new KubernetesApiClient(kubeConfigFor(nowhere), {
      timeoutMs: 5000,
    });
    await expect(client.list(works)).rejects.toMatchObject({
      statusCode: 503,
    });
  });
});
