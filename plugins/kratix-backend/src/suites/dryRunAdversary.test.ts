/*
 * Kratix's DryRun routes tried from outside: DryRuns the suite did not make, odd names in
 * the path, bodies past the limit and callers without credentials. Kubernetes mode on the
 * fake API server (which serves DryRuns as Kratix HEAD's dryrun_controller.go has them).
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { fakePlatformBehindPolicy } from '../__testUtils__/fakeKubernetesPlatform';

jest.setTimeout(60_000);

const KRATIX = 'platform.kratix.io/v1alpha1';
const as = (user: string) =>
  mockCredentials.user.header(`user:default/${user}`);

describe('DryRun routes against a hostile or careless caller', () => {
  const kube = fakePlatformBehindPolicy();

  const read = (user: string | undefined, path: string) => {
    const call = request(kube.server).get(
      `/api/kratix/platforms/prod/dry-runs/${path}`,
    );
    return call.set(
      'Authorization',
      user ? as(user) : mockCredentials.none.header(),
    );
  };
  const start = (user: string | undefined, body: unknown) => {
    const call = request(kube.server)
      .post('/api/kratix/platforms/prod/promises/jenkins/dry-runs')
      .set('Content-Type', 'application/json');
    return call
      .set('Authorization', user ? as(user) : mockCredentials.none.header())
      .send(body as object);
  };
  const dryRuns = () => kube.fake.list(KRATIX, 'DryRun');

  it("serves only the suite's own DryRuns: one made on the cluster by someone else is no one's preview here, admins included", async () => {
    // A team previewing with kubectl: Kratix's own shape, without the suite's label.
    kube.fake.put({
      apiVersion: KRATIX,
      kind: 'DryRun',
      metadata: { name: 'payments-preview', namespace: 'team-payments' },
      spec: {
        promiseRef: { name: 'jenkins' },
        resourceRequestRef: { name: 'ci', namespace: 'team-payments' },
        resource: { env: 'prod', secretValue: 'hunter2' },
      },
      status: {
        conditions: [
          {
            type: 'Completed',
            status: 'True',
            reason: 'DryRunCompleted',
            message: 'done',
            lastTransitionTime: new Date().toISOString(),
          },
        ],
      },
    } as any);
    for (const user of ['alice', 'bob', 'ops']) {
      const res = await read(user, 'team-payments/payments-preview');
      expect([user, res.status]).toEqual([user, 404]);
      expect(res.text).not.toContain('hunter2');
    }
  });

  it.each([
    ['.', 'a dot for a name'],
    ['..', 'a parent for a name'],
  ])(
    'refuses %s in the path (%s) with 400, asking the cluster nothing',
    async name => {
      const encoded = encodeURIComponent(name).replace(/\./g, '%2E');
      const before = kube.fake.totalCalls();
      for (const path of [`team-checkout/${encoded}`, `${encoded}/x`]) {
        const res = await read('ops', path);
        expect([path, res.status]).toEqual([path, 400]);
      }
      expect(kube.fake.totalCalls()).toBe(before);
    },
  );

  it('refuses names Kubernetes would refuse, in the body, before creating anything', async () => {
    for (const ref of [
      { namespace: '..', name: 'ci' },
      { namespace: 'team-checkout', name: '../ci' },
      { namespace: 'Team-Checkout', name: 'ci' },
      { namespace: 'team-checkout', name: 'x'.repeat(300) },
    ]) {
      const res = await start('alice', { ...ref, spec: { env: 'dev' } });
      expect([ref, res.status]).toEqual([ref, 400]);
    }
    expect(dryRuns()).toEqual([]);
  });

  it('refuses a body past the limit (413) and a caller without credentials (401), creating nothing', async () => {
    const huge = await start('alice', {
      namespace: 'team-checkout',
      name: 'ci',
      spec: { env: 'dev', notes: 'x'.repeat(1024 * 1024) },
    });
    expect(huge.status).toBe(413);
    expect(
      (
        await start(undefined, {
          namespace: 'team-checkout',
          name: 'ci',
          spec: { env: 'dev' },
        })
      ).status,
    ).toBe(401);
    expect((await read(undefined, 'team-checkout/x')).status).toBe(401);
    expect(dryRuns()).toEqual([]);
  });
});
