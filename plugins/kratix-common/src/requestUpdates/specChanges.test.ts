import { diffSpecs, specOfRequestDocument } from './specChanges';

describe('diffSpecs', () => {
  it('lists each added, removed and changed property by its path', () => {
    expect(
      diffSpecs(
        { env: 'dev', agents: 2, db: { size: 'S', backup: true }, old: 1 },
        {
          env: 'prod',
          agents: 2,
          db: { size: 'M', backup: true },
          plugins: ['git'],
        },
      ),
    ).toEqual([
      { path: 'spec.db.size', change: 'changed', from: 'S', to: 'M' },
      { path: 'spec.env', change: 'changed', from: 'dev', to: 'prod' },
      { path: 'spec.old', change: 'removed', from: 1 },
      { path: 'spec.plugins', change: 'added', to: ['git'] },
    ]);
  });

  it('compares arrays as whole values and ignores key order', () => {
    expect(
      diffSpecs(
        { a: [1, 2], b: { x: 1, y: 2 } },
        { a: [1, 2], b: { y: 2, x: 1 } },
      ),
    ).toEqual([]);
    expect(diffSpecs({ a: [1, 2] }, { a: [2, 1] })).toEqual([
      { path: 'spec.a', change: 'changed', from: [1, 2], to: [2, 1] },
    ]);
  });

  it('reports an object replaced by a scalar as one change', () => {
    expect(diffSpecs({ db: { size: 'S' } }, { db: 'none' })).toEqual([
      { path: 'spec.db', change: 'changed', from: { size: 'S' }, to: 'none' },
    ]);
  });
});

describe('specOfRequestDocument', () => {
  it('reads the spec of the YAML document a write answers with', () => {
    expect(
      specOfRequestDocument(
        'apiVersion: marketplace.kratix.io/v1alpha1\nkind: jenkins\nmetadata:\n  name: ci\nspec:\n  env: dev\n  agents: 3\n',
      ),
    ).toEqual({ env: 'dev', agents: 3 });
    expect(specOfRequestDocument('kind: jenkins\n')).toEqual({});
    expect(specOfRequestDocument('')).toBeUndefined();
    expect(specOfRequestDocument('a: [')).toBeUndefined();
  });
});
