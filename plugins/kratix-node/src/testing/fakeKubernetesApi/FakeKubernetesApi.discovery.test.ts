import { eventually } from '../kubeConfigFor';
import { fakeUnderTest } from './fakeApiTestKit';

const { call, watch } = fakeUnderTest();

describe('FakeKubernetesApi: discovery and CRDs', () => {
  it('serves /api, /apis and resource lists of the resources it serves', async () => {
    expect((await call('/api')).body).toEqual(
      expect.objectContaining({ kind: 'APIVersions', versions: ['v1'] }),
    );
    const core = (await call('/api/v1')).body;
    expect(core.resources.map((r: any) => r.name)).toEqual(
      expect.arrayContaining([
        'pods',
        'pods/log',
        'pods/status',
        'namespaces',
        'events',
      ]),
    );
    expect(core.resources.map((r: any) => r.name)).not.toContain(
      'configmaps/status',
    );
    const groups = (await call('/apis')).body;
    expect(groups.kind).toBe('APIGroupList');
    expect(groups.groups.map((g: any) => g.name)).toEqual(
      expect.arrayContaining([
        'platform.kratix.io',
        'marketplace.kratix.io',
        'batch',
        'apiextensions.k8s.io',
      ]),
    );
    const postgres = groups.groups.find(
      (g: any) => g.name === 'marketplace.kratix.io',
    );
    expect(postgres.preferredVersion.version).toBe('v1alpha2');
    const kratix = (await call('/apis/platform.kratix.io/v1alpha1')).body;
    expect(kratix.resources).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          name: 'promises',
          kind: 'Promise',
          namespaced: false,
        }),
        expect.objectContaining({ name: 'promises/status' }),
        expect.objectContaining({ name: 'works', namespaced: true }),
      ]),
    );
    expect(kratix.resources.map((r: any) => r.name)).not.toContain(
      'healthrecords/status',
    );
    expect((await call('/apis/nope.example.com/v1')).status).toBe(404);
    expect((await call('/apis', { token: null })).status).toBe(401);
    expect((await call('/version', { token: null })).status).toBe(200);
  });

  it('starts serving a created CRD, and stops when it is deleted', async () => {
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'vaults.marketplace.kratix.io' },
      spec: {
        group: 'marketplace.kratix.io',
        names: { kind: 'Vault', plural: 'vaults', singular: 'vault' },
        scope: 'Namespaced',
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: { openAPIV3Schema: { type: 'object' } },
            subresources: { status: {} },
          },
        ],
      },
    };
    const vaults =
      '/apis/marketplace.kratix.io/v1/namespaces/team-checkout/vaults';
    expect((await call(vaults)).status).toBe(404);
    const badName = await call(
      '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
      {
        method: 'POST',
        body: JSON.stringify({
          ...crd,
          metadata: { name: 'vaults.example.com' },
        }),
      },
    );
    expect(badName.status).toBe(422);
    expect(badName.body.message).toContain(
      'must be spec.names.plural+"."+spec.group',
    );
    const created = await call(
      '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
      { method: 'POST', body: JSON.stringify(crd) },
    );
    expect(created.status).toBe(201);
    expect(created.body.status.conditions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'Established', status: 'True' }),
      ]),
    );
    expect((await call(vaults)).body.kind).toBe('VaultList');
    expect(
      (await call('/apis/marketplace.kratix.io/v1')).body.resources.map(
        (r: any) => r.name,
      ),
    ).toEqual(['vaults', 'vaults/status']);
    const vault = await call(vaults, {
      method: 'POST',
      body: JSON.stringify({
        apiVersion: 'marketplace.kratix.io/v1',
        kind: 'Vault',
        metadata: { name: 'secrets' },
        spec: {},
      }),
    });
    expect(vault.status).toBe(201);

    const w = await watch(vaults, {});
    await eventually(() => w.names().length === 1);
    const deleted = await call(
      '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/vaults.marketplace.kratix.io',
      { method: 'DELETE' },
    );
    expect(deleted.status).toBe(200);
    await w.done;
    expect(w.names()).toEqual(['ADDED secrets', 'DELETED secrets']);
    expect((await call(vaults)).status).toBe(404);
    expect((await call('/apis/marketplace.kratix.io/v1')).status).toBe(404);
  });
});
