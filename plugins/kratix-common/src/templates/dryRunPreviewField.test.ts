import { parse } from 'yaml';
import { formRequestOf } from './dryRunPreviewField';

describe('formRequestOf', () => {
  const options = {
    platform: 'easyeaty',
    promise: 'jenkins',
    apiVersion: 'marketplace.kratix.io/v1alpha1',
    kind: 'jenkins',
    specFields: { env: 'env', agents: 'agents', owner: 'spec_owner' },
  };

  it('maps the form keys back to spec properties and leaves unset fields out', () => {
    const request = formRequestOf(
      {
        objname: 'ci',
        objnamespace: 'team-checkout',
        owner: 'group:default/team-checkout',
        env: 'dev',
        spec_owner: 'alice',
        dryRunPreview: undefined,
      },
      options,
    );
    expect(request).toEqual({
      name: 'ci',
      namespace: 'team-checkout',
      spec: { env: 'dev', owner: 'alice' },
      document: expect.any(String),
    });
    expect(parse(request.document!)).toEqual({
      apiVersion: 'marketplace.kratix.io/v1alpha1',
      kind: 'jenkins',
      metadata: { name: 'ci', namespace: 'team-checkout' },
      spec: { env: 'dev', owner: 'alice' },
    });
  });

  it('takes the whole spec from one object field for an API that accepts any fields', () => {
    expect(
      formRequestOf(
        {
          objname: 'x',
          objnamespace: 'default',
          spec_extra: { a: 1, b: { c: true } },
        },
        { platform: 'p', promise: 'any', specObjectField: 'spec_extra' },
      ),
    ).toEqual({
      name: 'x',
      namespace: 'default',
      spec: { a: 1, b: { c: true } },
      document: undefined,
    });
  });

  it('has no name or namespace until the form has them', () => {
    const request = formRequestOf({ objname: '' }, options);
    expect(request.name).toBeUndefined();
    expect(request.namespace).toBeUndefined();
  });
});
