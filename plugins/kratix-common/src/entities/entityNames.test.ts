import { KubernetesValidatorFunctions } from '@backstage/catalog-model';
import {
  destinationEntityName,
  kratixEntityName,
  kratixEntityRef,
  platformEntityName,
  promiseEntityName,
  promiseTemplateName,
  requestEntityName,
} from './entityNames';

describe('kratix entity names', () => {
  it('prefix every name with the platform, joined by underscores', () => {
    expect(platformEntityName('easyeaty')).toBe('easyeaty');
    expect(promiseEntityName('easyeaty', 'jenkins')).toBe('easyeaty_jenkins');
    expect(
      requestEntityName('easyeaty', 'jenkins', 'team-checkout', 'ci'),
    ).toBe('easyeaty_jenkins_team-checkout_ci');
    expect(destinationEntityName('easyeaty', 'on-prem-edge')).toBe(
      'easyeaty_on-prem-edge',
    );
    expect(promiseTemplateName('easyeaty', 'jenkins')).toBe(
      'easyeaty_jenkins-promise-template',
    );
    expect(kratixEntityRef('component', 'easyeaty_jenkins')).toBe(
      'component:default/easyeaty_jenkins',
    );
  });

  it('keeps names of different platforms apart where dashes alone would not', () => {
    expect(promiseEntityName('prod', 'eu-redis')).not.toBe(
      promiseEntityName('prod-eu', 'redis'),
    );
    expect(requestEntityName('p', 'a', 'b-c', 'd')).not.toBe(
      requestEntityName('p', 'a-b', 'c', 'd'),
    );
  });

  it('cuts a long name to 63 characters with a stable hash suffix', () => {
    const long = 'a'.repeat(40);
    const name = requestEntityName(
      'easyeaty',
      'postgresql',
      'team-orders',
      long,
    );
    expect(name).toHaveLength(63);
    expect(name).toMatch(/^easyeaty_postgresql_team-orders_a+-[0-9a-f]{8}$/);
    expect(KubernetesValidatorFunctions.isValidObjectName(name)).toBe(true);
    expect(
      requestEntityName('easyeaty', 'postgresql', 'team-orders', long),
    ).toBe(name);
    expect(
      requestEntityName('easyeaty', 'postgresql', 'team-orders', `${long}b`),
    ).not.toBe(name);
  });

  it('never ends a cut name on a separator before the hash', () => {
    const name = kratixEntityName('p', 'x'.repeat(51), 'y'.repeat(20));
    expect(name).toMatch(/^p_x{51}-[0-9a-f]{8}$/);
  });

  it('replaces characters Backstage refuses and underscores inside parts', () => {
    expect(kratixEntityName('plat', 'my_promise', 'a:b')).toBe(
      'plat_my-promise_a-b',
    );
    expect(
      KubernetesValidatorFunctions.isValidObjectName(
        kratixEntityName('plat', 'x.y'),
      ),
    ).toBe(true);
  });
});
