import { eventually, kubeConfigFor } from '../kubeConfigFor';
import { fakeUnderTest, promise } from './fakeApiTestKit';

const { fake, call, watch } = fakeUnderTest();

describe('FakeKubernetesApi: watches', () => {
  const path = '/apis/platform.kratix.io/v1alpha1/promises';

  it('streams changes after a resourceVersion and 410 after compaction', async () => {
    const start = fake.resourceVersion;
    const w = await watch(path, { resourceVersion: start });
    fake.put(promise('vault'));
    fake.remove('platform.kratix.io/v1alpha1', 'Promise', 'vault');
    await eventually(() => w.names().length === 2);
    expect(w.names()).toEqual(['ADDED vault', 'DELETED vault']);
    fake.dropWatches();
    await w.done;

    fake.compact();
    const expired = await watch(path, { resourceVersion: start });
    await expired.done;
    expect(expired.events.map(e => `${e.type} ${e.code}`)).toEqual([
      'ERROR 410',
    ]);
  });

  it('sends ADDED for every existing object first without a resourceVersion', async () => {
    const existing = fake
      .list('platform.kratix.io/v1alpha1', 'Promise')
      .map(p => `ADDED ${p.metadata.name}`);
    for (const params of [{}, { resourceVersion: '0' }]) {
      const w = await watch(path, params);
      await eventually(() => w.names().length === existing.length);
      expect(w.names()).toEqual(existing);
      fake.put(promise('later'));
      await eventually(() => w.names().includes('ADDED later'));
      fake.remove('platform.kratix.io/v1alpha1', 'Promise', 'later');
      w.abort();
    }
  });

  it('turns changes across the label selector into ADDED and DELETED', async () => {
    fake.put(promise('moving', { tier: 'bronze' }));
    const w = await watch(path, {
      resourceVersion: fake.resourceVersion,
      labelSelector: 'tier=gold',
    });
    const moving = (labels: Record<string, string>) =>
      fake.put({ ...promise('moving', labels) });
    moving({ tier: 'gold' });
    moving({ tier: 'gold', extra: 'x' });
    moving({ tier: 'silver' });
    moving({ tier: 'bronze', extra: 'y' });
    await eventually(() => w.names().length === 3);
    expect(w.names()).toEqual([
      'ADDED moving',
      'MODIFIED moving',
      'DELETED moving',
    ]);
    // DELETED carries the last matching content, at the new resourceVersion.
    const deleted = w.events.find(e => e.type === 'DELETED')!;
    expect(deleted.object.metadata.labels).toEqual({
      tier: 'gold',
      extra: 'x',
    });
    expect(Number(deleted.rv)).toBeGreaterThan(
      Number(w.events.find(e => e.type === 'MODIFIED')!.rv),
    );
  });

  it('sends periodic bookmarks of the resource’s own kind when asked to', async () => {
    const w = await watch(path, {
      resourceVersion: fake.resourceVersion,
      allowWatchBookmarks: true,
    });
    await eventually(() => w.events.some(e => e.type === 'BOOKMARK'));
    const bookmark = w.events.find(e => e.type === 'BOOKMARK')!;
    expect(bookmark.object).toEqual({
      kind: 'Promise',
      apiVersion: 'platform.kratix.io/v1alpha1',
      metadata: { resourceVersion: fake.resourceVersion },
    });
    await eventually(
      () => w.events.filter(e => e.type === 'BOOKMARK').length >= 2,
    );
    const quiet = await watch(path, {
      resourceVersion: fake.resourceVersion,
    });
    await new Promise(r => setTimeout(r, 200));
    expect(quiet.events).toEqual([]);
  });

  it('closes a watch after timeoutSeconds', async () => {
    const started = Date.now();
    const w = await watch(path, {
      resourceVersion: fake.resourceVersion,
      timeoutSeconds: 1,
    });
    await w.done;
    expect(w.endError()).toBeFalsy();
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('watches one namespace, and answers 401 and 403 to watches too', async () => {
    const w = await watch(
      '/apis/marketplace.kratix.io/v1alpha1/namespaces/team-search/redis',
      {},
    );
    await eventually(() => w.names().length === 2);
    expect(w.names()).toEqual(['ADDED cache', 'ADDED old-cache']);
    fake.grant('lister-only', { verbs: ['list'] });
    const denied = await watch(path, {}, kubeConfigFor(fake, 'lister-only'));
    await denied.done;
    expect(denied.endError()).toMatchObject({ statusCode: 403 });
  });

  it('lists and watches core/v1 Events in every namespace and in one', async () => {
    const event = (name: string, namespace: string) => ({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject: { kind: 'Promise', name: 'jenkins' },
      reason: 'PipelineStarted',
      type: 'Normal',
    });
    fake.put(event('jenkins.1', 'default'));
    const all = await call('/api/v1/events');
    expect(all.status).toBe(200);
    expect(all.body.items.map((e: any) => e.metadata.name)).toEqual([
      'jenkins.1',
    ]);
    const w = await watch('/api/v1/events', {
      resourceVersion: all.body.metadata.resourceVersion,
    });
    fake.put(event('jenkins.2', 'team-search'));
    await eventually(() => w.names().length === 1);
    expect(w.names()).toEqual(['ADDED jenkins.2']);
    expect(
      (await call('/api/v1/namespaces/team-search/events')).body.items.map(
        (e: any) => e.reason,
      ),
    ).toEqual(['PipelineStarted']);
    w.abort();
  });
});
