import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  eventually,
  FakeKubernetesApi,
  seedFakePlatform,
} from '@kratix-backstage/plugin-kratix-node/testUtils';
import { fakeKubernetesPlatform } from './__testUtils__/fakeKubernetesPlatform';
import { startKratixBackend } from './__testUtils__/startKratixBackend';

jest.setTimeout(30_000);

const JENKINS = 'marketplace.kratix.io/v1alpha1';
const KRATIX = 'platform.kratix.io/v1alpha1';

/**
 * Kratix reconciles a request against the PromiseRevision its ResourceBinding names
 * (internal/controller/dynamic_resource_request_controller.go fetchRevision: `latest` is the
 * revision with status.latest, any other version the revision of exactly that version),
 * while the API server enforces the latest CRD. An update must fit both.
 */
describe('updating a request bound to an older Promise revision (kubernetes platform)', () => {
  /** A jenkins request of team-checkout, bound to `version` by its own ResourceBinding. */
  const requestBoundTo = (
    fake: FakeKubernetesApi,
    name: string,
    version: string,
  ) => {
    fake.put({
      apiVersion: JENKINS,
      kind: 'jenkins',
      metadata: {
        name,
        namespace: 'team-checkout',
        labels: {
          'kratix.io/promise-name': 'jenkins',
          'backstage.io/owner': 'group-team-checkout',
        },
      },
      spec: { env: 'dev', agents: 2 },
    });
    fake.put({
      apiVersion: KRATIX,
      kind: 'ResourceBinding',
      metadata: {
        name: `${name}-jenkins-b1nd0`,
        namespace: 'team-checkout',
        labels: {
          'kratix.io/promise-name': 'jenkins',
          'kratix.io/resource-name': name,
        },
      },
      spec: {
        version,
        promiseRef: { name: 'jenkins' },
        resourceRef: { name, namespace: 'team-checkout' },
      },
      status: { lastAppliedVersion: version },
    });
  };

  const kube = fakeKubernetesPlatform({
    token: 'sa-token',
    seed: fake => {
      seedFakePlatform(fake);
      // v1.0.0 of jenkins allowed at most 3 agents; the installed Promise (v1.2.0) allows 10.
      const jenkins = fake
        .list(KRATIX, 'Promise')
        .find(p => p.metadata.name === 'jenkins') as any;
      const older = JSON.parse(JSON.stringify(jenkins.spec));
      older.api.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.agents.maximum = 3;
      fake.put({
        apiVersion: KRATIX,
        kind: 'PromiseRevision',
        metadata: {
          name: 'jenkins-v1-0-0',
          labels: { 'kratix.io/promise-name': 'jenkins' },
        },
        spec: {
          promiseRef: { name: 'jenkins' },
          version: 'v1.0.0',
          promiseSpec: older,
        },
        status: { latest: false },
      } as any);
      requestBoundTo(fake, 'pinned-ci', 'v1.0.0');
      requestBoundTo(fake, 'floating-ci', 'latest');
    },
  });

  const put = (backend: any, name: string, body: object) =>
    request(backend)
      .put(
        `/api/kratix/platforms/prod/promises/jenkins/requests/team-checkout/${name}`,
      )
      .set('Authorization', mockCredentials.user.header())
      .send(body);
  const storedSpec = (name: string) =>
    kube.fake
      .list(JENKINS, 'jenkins')
      .find(
        r =>
          r.metadata.name === name && r.metadata.namespace === 'team-checkout',
      )?.spec;

  it('refuses a spec the bound revision does not allow, though the latest one does', async () => {
    const backend = await startKratixBackend([kube.platform]);
    const refused = await put(backend, 'pinned-ci', {
      spec: { env: 'dev', agents: 5 },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain(
      'not valid for version v1.0.0 of Promise jenkins, the version it is bound to',
    );
    expect(refused.body.error.message).toContain('spec.agents');
    expect(storedSpec('pinned-ci')).toEqual({ env: 'dev', agents: 2 });
  });

  it('applies a spec both allow, saying which revision it was checked against', async () => {
    const backend = await startKratixBackend([kube.platform]);
    const preview = await put(backend, 'pinned-ci', {
      spec: { env: 'staging', agents: 3 },
      dryRun: true,
    });
    expect(preview.status).toBe(200);
    expect(preview.body).toEqual(
      expect.objectContaining({ dryRun: true, boundRevisionVersion: 'v1.0.0' }),
    );
    expect(storedSpec('pinned-ci')).toEqual({ env: 'dev', agents: 2 });
    const applied = await put(backend, 'pinned-ci', {
      spec: { env: 'staging', agents: 3 },
    });
    expect(applied.status).toBe(200);
    await eventually(
      () => (storedSpec('pinned-ci') as { agents?: number })?.agents === 3,
    );
    expect(storedSpec('pinned-ci')).toEqual({ env: 'staging', agents: 3 });
  });

  it('checks a floating request against the latest revision only, and the latest CRD still applies', async () => {
    const backend = await startKratixBackend([kube.platform]);
    // The seed's latest revision of jenkins is v1.2.0 (status.latest).
    const res = await put(backend, 'floating-ci', {
      spec: { env: 'dev', agents: 5 },
      dryRun: true,
    });
    expect(res.status).toBe(200);
    expect(res.body.boundRevisionVersion).toBe('v1.2.0');
    const beyond = await put(backend, 'pinned-ci', {
      spec: { env: 'dev', agents: 11 },
    });
    expect(beyond.status).toBe(400);
    expect(beyond.body.error.message).toContain(
      'The request is not valid for Promise jenkins',
    );
  });
  it('checks the same through the kratix:update-request action', async () => {
    const backend = await startKratixBackend([kube.platform]);
    const invoke = (input: object) =>
      request(backend)
        .post(
          `/api/kratix/.backstage/actions/v1/actions/${encodeURIComponent(
            'kratix:update-request',
          )}/invoke`,
        )
        .set('Authorization', mockCredentials.user.header())
        .send({
          platform: 'prod',
          promise: 'jenkins',
          namespace: 'team-checkout',
          name: 'pinned-ci',
          ...input,
        });
    const refused = await invoke({ spec: { env: 'dev', agents: 5 } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain(
      'not valid for version v1.0.0 of Promise jenkins, the version it is bound to',
    );
    const preview = await invoke({
      spec: { env: 'dev', agents: 3 },
      dryRun: true,
    });
    expect(preview.status).toBe(200);
    expect(preview.body.output).toEqual(
      expect.objectContaining({
        action: 'updated',
        dryRun: true,
        boundRevisionVersion: 'v1.0.0',
      }),
    );
    expect(storedSpec('pinned-ci')).toEqual({ env: 'dev', agents: 2 });
  });
});
