import { Destination, KratixPromise, LegacyCluster } from '../model';
import { loadFixture, loadFixtures } from '../__testUtils__/fixtures';
import { destination, legacyCluster } from './__testUtils__/destinations';
import { matchingDestinations } from './matchingDestinations';
import { readPromiseSelectors } from './readPromiseSelectors';

const names = (list: Array<{ metadata: { name: string } }>) =>
  list.map(d => d.metadata.name);

describe('matchingDestinations', () => {
  const fleet = [
    destination('dev-1', { environment: 'dev' }),
    destination('dev-aws', { environment: 'dev', cloud: 'aws' }),
    destination('prod', { environment: 'prod' }),
    destination('platform', { environment: 'platform' }, { strict: true }),
    destination('bare'),
    destination('strict-bare', undefined, { strict: true }),
    destination('leaving', { environment: 'dev' }, { deleting: true }),
    legacyCluster('old-dev', { environment: 'dev' }),
  ];

  it('keeps the destinations whose labels satisfy every selector, in input order', () => {
    expect(
      names(
        matchingDestinations([{ matchLabels: { environment: 'dev' } }], fleet),
      ),
    ).toEqual(['dev-1', 'dev-aws', 'old-dev']);
    expect(
      names(
        matchingDestinations(
          [
            { matchLabels: { environment: 'dev' } },
            { matchLabels: { cloud: 'aws' } },
          ],
          fleet,
        ),
      ),
    ).toEqual(['dev-aws']);
  });

  it('sends work without selectors everywhere except labelled strict destinations', () => {
    expect(names(matchingDestinations([], fleet))).toEqual([
      'dev-1',
      'dev-aws',
      'prod',
      'bare',
      'strict-bare',
      'old-dev',
    ]);
  });

  it('reaches a strict destination only through a matching selector', () => {
    expect(
      names(
        matchingDestinations(
          [{ matchLabels: { environment: 'platform' } }],
          fleet,
        ),
      ),
    ).toEqual(['platform']);
  });

  it('returns nothing when no destination qualifies', () => {
    expect(
      matchingDestinations(
        [{ matchLabels: { environment: 'staging' } }],
        fleet,
      ),
    ).toEqual([]);
    expect(matchingDestinations([], [])).toEqual([]);
  });

  it('schedules the fixture Promises onto the fixture destinations', () => {
    const destinations = loadFixtures<Destination | LegacyCluster>(
      'destinations.yaml',
    );
    const jenkins = loadFixture<KratixPromise>('promise-jenkins.yaml');
    expect(
      names(matchingDestinations(readPromiseSelectors(jenkins), destinations)),
    ).toEqual(['eks', 'legacy-worker']);
    // on-prem-edge and platform are strict and labelled, so unselected work skips them.
    expect(names(matchingDestinations([], destinations))).toEqual([
      'eks',
      'legacy-worker',
    ]);
  });
});
