import { fakeUnderTest, jenkins } from './fakeApiTestKit';

const { fake, call } = fakeUnderTest();

describe('FakeKubernetesApi: updates', () => {
  const ci =
    '/apis/marketplace.kratix.io/v1alpha1/namespaces/team-checkout/jenkins/ci';
  const merge = (body: unknown, p = ci) =>
    call(p, {
      method: 'PATCH',
      headers: { 'content-type': 'application/merge-patch+json' },
      body: JSON.stringify(body),
    });

  it('bumps generation on spec changes only, and stores no-op writes not at all', async () => {
    const before = (await call(ci)).body;
    const labelled = (await merge({ metadata: { labels: { x: 'y' } } })).body;
    expect(labelled.metadata.generation).toBe(before.metadata.generation);
    expect(Number(labelled.metadata.resourceVersion)).toBeGreaterThan(
      Number(before.metadata.resourceVersion),
    );
    const respec = (await merge({ spec: { agents: 7 } })).body;
    expect(respec.metadata.generation).toBe(before.metadata.generation + 1);
    const same = (await merge({ spec: { agents: 7 } })).body;
    expect(same.metadata.resourceVersion).toBe(respec.metadata.resourceVersion);
    expect(same.metadata.creationTimestamp).toBe(
      before.metadata.creationTimestamp,
    );
  });

  it('refuses a stale resourceVersion with 409 and an unknown patch type with 415', async () => {
    const stale = await merge({
      metadata: { resourceVersion: '1' },
      spec: { agents: 1 },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.message).toContain('the object has been modified');
    const strategic = await call(ci, {
      method: 'PATCH',
      headers: {
        'content-type': 'application/strategic-merge-patch+json',
      },
      body: JSON.stringify({ spec: {} }),
    });
    expect(strategic.status).toBe(415);
    const current = (await call(ci)).body;
    const { resourceVersion: _rv, ...metadata } = current.metadata;
    const unconditional = await call(ci, {
      method: 'PUT',
      body: JSON.stringify({ ...current, metadata }),
    });
    expect(unconditional.status).toBe(422);
    expect(unconditional.body.message).toContain(
      'metadata.resourceVersion: Invalid value: 0: must be specified for an update',
    );
  });

  it('changes status only through /status, where the kind has that subresource', async () => {
    const ignored = (await merge({ status: { message: 'from main' } })).body;
    expect(ignored.status?.message).not.toBe('from main');
    const viaStatus = await merge(
      { status: { message: 'from status' }, spec: { env: 'ignored' } },
      `${ci}/status`,
    );
    expect(viaStatus.status).toBe(200);
    expect(viaStatus.body.status.message).toBe('from status');
    expect(viaStatus.body.spec.env).not.toBe('ignored');
    // ConfigMaps have no status subresource; Kratix's HealthRecords neither.
    fake.put({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'kratix', namespace: 'kratix-platform-system' },
      data: { a: 'b' },
    });
    expect(
      (
        await call(
          '/api/v1/namespaces/kratix-platform-system/configmaps/kratix/status',
        )
      ).status,
    ).toBe(404);
    expect(
      (
        await call(
          '/apis/platform.kratix.io/v1alpha1/namespaces/team-checkout/healthrecords/x/status',
        )
      ).status,
    ).toBe(404);
    // Jobs of another kind than pods have no log.
    expect(
      (await call('/apis/batch/v1/namespaces/team-checkout/jobs/x/log')).status,
    ).toBe(404);
  });

  it('deletes in two steps when the object has finalizers', async () => {
    fake.put({
      ...jenkins('finalized'),
      metadata: {
        name: 'finalized',
        namespace: 'team-checkout',
        finalizers: ['kratix.io/resource-request-cleanup'],
      },
    });
    const p =
      '/apis/marketplace.kratix.io/v1alpha1/namespaces/team-checkout/jenkins/finalized';
    const marked = await call(p, { method: 'DELETE' });
    expect(marked.status).toBe(200);
    expect(marked.body.metadata.deletionTimestamp).toBeDefined();
    const more = await merge(
      {
        metadata: {
          finalizers: ['a.io/x', 'kratix.io/resource-request-cleanup'],
        },
      },
      p,
    );
    expect(more.status).toBe(422);
    expect((await merge({ metadata: { finalizers: null } }, p)).status).toBe(
      200,
    );
    expect((await call(p)).status).toBe(404);
  });
});
