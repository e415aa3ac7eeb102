import Ajv from 'ajv';
import {
  postgresqlPromise,
  promiseWithSpecSchema,
} from './__fixtures__/promises';
import {
  clearRequestValidatorCache,
  requestValidatorCacheSize,
} from './specValidatorCache';
import { validateRequestSpec } from './validateRequestSpec';

describe('the compiled-validator cache', () => {
  let compile: jest.SpyInstance;

  beforeEach(() => {
    clearRequestValidatorCache();
    compile = jest.spyOn(Ajv.prototype, 'compile');
  });

  afterEach(() => compile.mockRestore());

  it('compiles a Promise version once and reuses it', () => {
    for (let i = 0; i < 20; i++)
      validateRequestSpec(postgresqlPromise(), {
        teamId: 'orders',
        instances: i,
      });
    expect(compile).toHaveBeenCalledTimes(1);
    expect(requestValidatorCacheSize()).toBe(1);
  });

  it('compiles again when the resourceVersion changes', () => {
    const promise = postgresqlPromise();
    validateRequestSpec(promise, { teamId: 'orders' });
    promise.metadata.resourceVersion = '91823';
    const schema =
      promise.spec.api!.spec!.versions![2].schema!.openAPIV3Schema!.properties!
        .spec;
    schema.properties!.size.enum = ['small', 'medium', 'large', 'xlarge'];
    expect(
      validateRequestSpec(promise, { teamId: 'orders', size: 'xlarge' }).valid,
    ).toBe(true);
    expect(compile).toHaveBeenCalledTimes(2);
  });

  it('keys each served version separately', () => {
    validateRequestSpec(postgresqlPromise(), { teamId: 'orders' });
    validateRequestSpec(postgresqlPromise(), { teamId: 'orders' }, 'v1alpha1');
    expect(requestValidatorCacheSize()).toBe(2);
  });

  it('keys Promises without a resourceVersion by schema content', () => {
    const schema = { type: 'object', properties: { a: { type: 'string' } } };
    validateRequestSpec(promiseWithSpecSchema(schema), { a: 'x' });
    validateRequestSpec(promiseWithSpecSchema({ ...schema }), { a: 'x' });
    expect(compile).toHaveBeenCalledTimes(1);
    expect(
      validateRequestSpec(
        promiseWithSpecSchema({
          ...schema,
          properties: { a: { type: 'integer' } },
        }),
        { a: 'x' },
      ).valid,
    ).toBe(false);
    expect(compile).toHaveBeenCalledTimes(2);
  });

  it('stays bounded', () => {
    for (let i = 0; i < 250; i++) {
      const promise = postgresqlPromise();
      promise.metadata.resourceVersion = String(i);
      validateRequestSpec(promise, { teamId: 'orders' });
    }
    expect(requestValidatorCacheSize()).toBe(200);
  });
});
