import { Destination, KratixPromise, LegacyCluster } from '../model';
import { loadFixture, loadFixtures } from '../__testUtils__/fixtures';
import {
  explainDestinationMatch,
  matchingDestinations,
  mergeSelectors,
  promiseSelectors,
} from './matchDestinations';

const destinations = loadFixtures<Destination | LegacyCluster>('destinations.yaml');
const names = (list: Array<{ metadata: { name: string } }>) => list.map(d => d.metadata.name);
const dest = (name: string, labels?: Record<string, string>, strict = false): Destination => ({
  apiVersion: 'platform.kratix.io/v1alpha1',
  kind: 'Destination',
  metadata: { name, labels },
  spec: { path: name, strictMatchLabels: strict },
});

describe('destination matching', () => {
  it('merges selectors with AND, the earlier entry winning a clash', () => {
    expect(mergeSelectors([{ matchLabels: { env: 'dev' } }, { matchLabels: { env: 'prod', cloud: 'aws' } }])).toEqual({
      env: 'dev',
      cloud: 'aws',
    });
  });

  it('matches the jenkins Promise to dev clusters only', () => {
    const jenkins = loadFixture<KratixPromise>('promise-jenkins.yaml');
    expect(names(matchingDestinations(promiseSelectors(jenkins), destinations))).toEqual(['eks', 'legacy-worker']);
  });

  it('sends work without selectors everywhere but strict labelled destinations', () => {
    expect(names(matchingDestinations([], destinations))).toEqual(['eks', 'legacy-worker']);
    expect(explainDestinationMatch([], destinations.find(d => d.metadata.name === 'platform')!).reasons[0]).toContain(
      'strictMatchLabels',
    );
    expect(matchingDestinations([], [dest('bare'), dest('strict-bare', undefined, true)])).toHaveLength(2);
  });

  it('never sends selected work to an unlabelled destination', () => {
    expect(explainDestinationMatch([{ matchLabels: { env: 'dev' } }], dest('bare'))).toEqual({
      destination: 'bare',
      matches: false,
      reasons: ['label env is missing, selector wants dev'],
    });
  });

  it('explains each unmet label', () => {
    const edge = destinations.find(d => d.metadata.name === 'on-prem-edge')!;
    expect(explainDestinationMatch([{ matchLabels: { environment: 'dev', tier: 'gold' } }], edge).reasons).toEqual([
      'label environment is prod, selector wants dev',
      'label tier is missing, selector wants gold',
    ]);
    expect(explainDestinationMatch([{ matchLabels: { environment: 'prod' } }], edge)).toEqual(
      expect.objectContaining({ matches: true }),
    );
  });

  it('reads the legacy clusterSelector map', () => {
    const p = loadFixture<KratixPromise>('promise-jenkins.yaml');
    delete p.spec.destinationSelectors;
    (p.spec as any).clusterSelector = { environment: 'prod' };
    expect(names(matchingDestinations(promiseSelectors(p), destinations))).toEqual(['on-prem-edge']);
  });
});
