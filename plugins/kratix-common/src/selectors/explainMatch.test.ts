import { destination, legacyCluster } from './__testUtils__/destinations';
import { explainMatch } from './explainMatch';

describe('explainMatch', () => {
  it('gives one reason per unmet label', () => {
    expect(
      explainMatch(
        [{ matchLabels: { environment: 'dev', tier: 'gold' } }],
        destination('edge', { environment: 'prod', location: 'edge' }),
      ),
    ).toEqual({
      destination: 'edge',
      matches: false,
      rule: 'labels-differ',
      reasons: [
        'label environment is prod, selector wants dev',
        'label tier is missing, selector wants gold',
      ],
    });
  });

  it('names the labels that matched', () => {
    expect(
      explainMatch(
        [
          { matchLabels: { environment: 'dev' } },
          { matchLabels: { cloud: 'aws' } },
        ],
        destination('eks', { environment: 'dev', cloud: 'aws' }),
      ),
    ).toEqual({
      destination: 'eks',
      matches: true,
      rule: 'labels-match',
      reasons: ['labels match environment=dev, cloud=aws'],
    });
  });

  it('explains a key clash against the winning (earlier) value', () => {
    const explanation = explainMatch(
      [
        { matchLabels: { environment: 'dev' } },
        { matchLabels: { environment: 'prod' } },
      ],
      destination('prod', { environment: 'prod' }),
    );
    expect(explanation.reasons).toEqual([
      'label environment is prod, selector wants dev',
    ]);
  });

  it('explains the strictMatchLabels opt-out', () => {
    expect(
      explainMatch(
        [],
        destination('platform', { environment: 'platform' }, { strict: true }),
      ),
    ).toEqual({
      destination: 'platform',
      matches: false,
      rule: 'strict-match-labels',
      reasons: [
        'strictMatchLabels: destination has labels and no selector matches them',
      ],
    });
  });

  it('lets an unlabelled strict destination qualify for work without selectors', () => {
    expect(
      explainMatch([], destination('bare', undefined, { strict: true })),
    ).toEqual(expect.objectContaining({ matches: true, rule: 'no-selectors' }));
  });

  it('explains that work without selectors goes everywhere', () => {
    expect(
      explainMatch([], legacyCluster('old', { environment: 'dev' })),
    ).toEqual({
      destination: 'old',
      matches: true,
      rule: 'no-selectors',
      reasons: [
        'no selectors: every destination qualifies except labelled ones with strictMatchLabels',
      ],
    });
  });

  it('explains why an unlabelled destination misses selected work', () => {
    expect(
      explainMatch(
        [{ matchLabels: { environment: 'dev' } }],
        destination('bare'),
      ),
    ).toEqual({
      destination: 'bare',
      matches: false,
      rule: 'unlabelled-destination',
      reasons: [
        'destination has no labels, so it only receives work without selectors (selector wants environment=dev)',
      ],
    });
  });

  it('explains a destination that is being deleted', () => {
    expect(
      explainMatch([], destination('leaving', undefined, { deleting: true }))
        .reasons,
    ).toEqual([
      'destination is being deleted, so Kratix schedules nothing new to it',
    ]);
  });
});
