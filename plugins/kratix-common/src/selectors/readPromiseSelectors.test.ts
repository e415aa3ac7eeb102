import { KratixPromise } from '../model';
import { loadFixture } from '../__testUtils__/fixtures';
import { readPromiseSelectors } from './readPromiseSelectors';
import { PromiseWithSelectors } from './types';

describe('readPromiseSelectors', () => {
  it('reads spec.destinationSelectors in order', () => {
    const promise: PromiseWithSelectors = {
      spec: {
        destinationSelectors: [
          { matchLabels: { environment: 'dev' } },
          { matchLabels: { cloud: 'aws' } },
        ],
      },
    };
    expect(readPromiseSelectors(promise)).toEqual([
      { matchLabels: { environment: 'dev' } },
      { matchLabels: { cloud: 'aws' } },
    ]);
  });

  it('accepts a typed KratixPromise fixture', () => {
    const jenkins = loadFixture<KratixPromise>('promise-jenkins.yaml');
    expect(readPromiseSelectors(jenkins)).toEqual(
      jenkins.spec.destinationSelectors,
    );
  });

  it('treats the legacy clusterSelector map as one matchLabels entry', () => {
    expect(
      readPromiseSelectors({
        spec: { clusterSelector: { environment: 'prod', cloud: 'gcp' } },
      }),
    ).toEqual([{ matchLabels: { environment: 'prod', cloud: 'gcp' } }]);
  });

  it('reads the July 2023 scheduling[].target list', () => {
    expect(
      readPromiseSelectors({
        spec: {
          scheduling: [{ target: { matchLabels: { environment: 'dev' } } }],
        },
      }),
    ).toEqual([{ matchLabels: { environment: 'dev' } }]);
  });

  it('returns no selectors for a Promise without any', () => {
    expect(readPromiseSelectors({ spec: {} })).toEqual([]);
    expect(readPromiseSelectors({})).toEqual([]);
    expect(readPromiseSelectors(undefined)).toEqual([]);
  });
});
