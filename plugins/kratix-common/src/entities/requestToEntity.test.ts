import { KratixPromise, ResourceRequest } from '../model';
import { loadFixture } from '../__testUtils__/fixtures';
import { expectValidEntity } from './__testUtils__/expectValidEntity';
import { requestToEntity } from './requestToEntity';

const promise = (file: string) => loadFixture<KratixPromise>(file);
const request = (file: string) => loadFixture<ResourceRequest>(file);
const platform = { name: 'easyeaty', title: 'EasyEaty' };

describe('requestToEntity', () => {
  it('shapes a request as a kratix-resource Component that depends on its Promise', async () => {
    const entity = requestToEntity(
      platform,
      promise('promise-jenkins.yaml'),
      request('request-jenkins-ready.yaml'),
    );
    expect(entity).toEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'easyeaty_jenkins_team-checkout_ci',
        namespace: 'default',
        title: 'ci',
        description:
          'jenkins ci in team-checkout, requested from the Kratix Promise jenkins.',
        annotations: {
          'backstage.io/managed-by-location': 'kratix:easyeaty',
          'backstage.io/managed-by-origin-location': 'kratix:easyeaty',
          'kratix-backstage.io/platform': 'easyeaty',
          'kratix.io/type': 'resource',
          'kratix.io/promise-name': 'jenkins',
          'kratix.io/group': 'marketplace.kratix.io',
          'kratix.io/version': 'v1alpha1',
          'kratix.io/kind': 'jenkins',
          'kratix.io/name': 'ci',
          'kratix.io/namespace': 'team-checkout',
          'kratix.io/status': 'Ready',
          'kratix.io/backstage-promise-template':
            'easyeaty_jenkins-promise-template',
        },
      },
      spec: {
        type: 'kratix-resource',
        lifecycle: 'production',
        owner: 'group:default/team-checkout',
        system: 'system:default/easyeaty',
        dependsOn: ['component:default/easyeaty_jenkins'],
      },
    });
    await expectValidEntity(entity);
  });

  it('records the phase Kratix reports in the status annotation', () => {
    const entity = requestToEntity(
      platform,
      promise('promise-postgresql-legacy.yaml'),
      request('request-postgresql-failing.yaml'),
    );
    expect(entity.metadata.annotations!['kratix.io/status']).toBe('Failing');
    expect(entity.metadata.annotations!['kratix.io/version']).toBe('v1alpha2');
  });

  it('makes a sub-request of a composite a subcomponent of the composite request', async () => {
    const entity = requestToEntity(
      platform,
      promise('promise-postgresql-legacy.yaml'),
      request('request-postgresql-component.yaml'),
    );
    expect(entity.metadata.name).toBe(
      'easyeaty_postgresql_team-checkout_storefront-db',
    );
    expect(entity.spec?.subcomponentOf).toBe(
      'component:default/easyeaty_web-app_team-checkout_storefront',
    );
    expect(entity.spec?.dependsOn).toEqual([
      'component:default/easyeaty_postgresql',
    ]);
    await expectValidEntity(entity);
    // The composite itself is named by the same rule, so the relation resolves.
    const parent = requestToEntity(
      platform,
      promise('promise-web-app.yaml'),
      request('request-web-app-updating.yaml'),
    );
    expect(`component:default/${parent.metadata.name}`).toBe(
      entity.spec?.subcomponentOf,
    );
    expect(parent.spec?.subcomponentOf).toBeUndefined();
  });

  it('reads the parent-* labels and defaults the parent namespace to the request’s own', () => {
    const r = request('request-postgresql-failing.yaml');
    r.metadata.labels = {
      'kratix.io/parent-promise-name': 'web-app',
      'kratix.io/parent-resource-name': 'payments',
    };
    const entity = requestToEntity(
      platform,
      promise('promise-postgresql-legacy.yaml'),
      r,
    );
    expect(entity.spec?.subcomponentOf).toBe(
      'component:default/easyeaty_web-app_team-payments_payments',
    );
  });

  describe('owner', () => {
    const withOwner = (
      labels: Record<string, string>,
      annotations?: Record<string, string>,
    ) => {
      const r = request('request-jenkins-ready.yaml');
      r.metadata.labels = labels;
      r.metadata.annotations = annotations;
      return requestToEntity(platform, promise('promise-jenkins.yaml'), r, {
        owner: 'group:default/ops',
      }).spec?.owner;
    };

    it('prefers the exact owner-ref annotation over the label', () => {
      expect(
        withOwner(
          { 'backstage.io/owner': 'group-a' },
          { 'backstage.io/owner-ref': 'group:payments/team-a' },
        ),
      ).toBe('group:payments/team-a');
    });

    it('decodes a label with a kind word, and reads any other label as a group name', () => {
      expect(withOwner({ 'backstage.io/owner': 'user-jane' })).toBe(
        'user:default/jane',
      );
      expect(withOwner({ 'backstage.io/owner': 'team-search' })).toBe(
        'group:default/team-search',
      );
    });

    it('falls back to the configured owner, then the default', () => {
      expect(withOwner({})).toBe('group:default/ops');
      const r = request('request-redis-paused.yaml');
      expect(
        requestToEntity(platform, promise('promise-redis-failing.yaml'), r).spec
          ?.owner,
      ).toBe('group:default/platform-team');
    });
  });
});
