import { fakeUnderTest, jenkins } from './fakeApiTestKit';

const { fake, call } = fakeUnderTest();

describe('FakeKubernetesApi: namespaces', () => {
  it('terminates a namespace: its objects go, new ones are refused, it goes once empty', async () => {
    const created = await call('/api/v1/namespaces', {
      method: 'POST',
      body: JSON.stringify({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: 'team-doomed' },
      }),
    });
    expect(created.body.status.phase).toBe('Active');
    fake.put(jenkins('plain', 'team-doomed'));
    fake.put({
      ...jenkins('held', 'team-doomed'),
      metadata: {
        name: 'held',
        namespace: 'team-doomed',
        finalizers: ['kratix.io/resource-request-cleanup'],
      },
    });
    const deleted = await call('/api/v1/namespaces/team-doomed', {
      method: 'DELETE',
    });
    expect(deleted.body.status.phase).toBe('Terminating');
    const left = fake
      .list('marketplace.kratix.io/v1alpha1', 'jenkins')
      .filter(o => o.metadata.namespace === 'team-doomed');
    expect(left.map(o => o.metadata.name)).toEqual(['held']);
    expect(left[0].metadata.deletionTimestamp).toBeDefined();
    const refused = await call(
      '/apis/marketplace.kratix.io/v1alpha1/namespaces/team-doomed/jenkins',
      {
        method: 'POST',
        body: JSON.stringify(jenkins('late', 'team-doomed')),
      },
    );
    expect(refused.status).toBe(403);
    expect(refused.body.message).toContain(
      'unable to create new content in namespace team-doomed because it is being terminated',
    );
    await call(
      '/apis/marketplace.kratix.io/v1alpha1/namespaces/team-doomed/jenkins/held',
      {
        method: 'PATCH',
        headers: { 'content-type': 'application/json-patch+json' },
        body: JSON.stringify([{ op: 'remove', path: '/metadata/finalizers' }]),
      },
    );
    expect((await call('/api/v1/namespaces/team-doomed')).status).toBe(404);
  });
});
