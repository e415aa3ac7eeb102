import { destination, legacyCluster } from './__testUtils__/destinations';
import {
  evaluateDestinationSelectors,
  matchDestinationSelectors,
} from './matchDestinationSelectors';
import { LabelSelectorEntry } from './types';

const dev = [{ matchLabels: { environment: 'dev' } }];

describe('matchDestinationSelectors', () => {
  describe('with selectors', () => {
    it('matches when every selector label equals the destination label', () => {
      expect(
        matchDestinationSelectors(
          dev,
          destination('a', { environment: 'dev', cloud: 'aws' }),
        ),
      ).toBe(true);
    });

    it('rejects a different value', () => {
      expect(
        matchDestinationSelectors(
          dev,
          destination('a', { environment: 'prod' }),
        ),
      ).toBe(false);
    });

    it('rejects a missing label, even when the wanted value is empty', () => {
      expect(
        matchDestinationSelectors(dev, destination('a', { cloud: 'aws' })),
      ).toBe(false);
      expect(
        matchDestinationSelectors(
          [{ matchLabels: { tier: '' } }],
          destination('a', { cloud: 'aws' }),
        ),
      ).toBe(false);
      expect(
        matchDestinationSelectors(
          [{ matchLabels: { tier: '' } }],
          destination('a', { tier: '' }),
        ),
      ).toBe(true);
    });

    it('needs all merged labels (AND across entries)', () => {
      const selectors: LabelSelectorEntry[] = [
        { matchLabels: { environment: 'dev' } },
        { matchLabels: { cloud: 'aws' } },
      ];
      expect(
        matchDestinationSelectors(
          selectors,
          destination('a', { environment: 'dev', cloud: 'aws' }),
        ),
      ).toBe(true);
      expect(
        matchDestinationSelectors(
          selectors,
          destination('b', { environment: 'dev', cloud: 'gcp' }),
        ),
      ).toBe(false);
    });

    it('judges against the earlier entry on a key clash', () => {
      const selectors = [
        { matchLabels: { environment: 'dev' } },
        { matchLabels: { environment: 'prod' } },
      ];
      expect(
        matchDestinationSelectors(
          selectors,
          destination('dev', { environment: 'dev' }),
        ),
      ).toBe(true);
      expect(
        matchDestinationSelectors(
          selectors,
          destination('prod', { environment: 'prod' }),
        ),
      ).toBe(false);
    });

    it('never sends selected work to an unlabelled destination', () => {
      expect(matchDestinationSelectors(dev, destination('bare'))).toBe(false);
      expect(matchDestinationSelectors(dev, destination('empty', {}))).toBe(
        false,
      );
    });

    it('lets strict destinations receive work whose selectors match', () => {
      expect(
        matchDestinationSelectors(
          dev,
          destination('a', { environment: 'dev' }, { strict: true }),
        ),
      ).toBe(true);
    });

    it('does not see inherited keys such as constructor as labels', () => {
      expect(
        matchDestinationSelectors(
          [{ matchLabels: { constructor: 'x' } }],
          destination('a', { environment: 'dev' }),
        ),
      ).toBe(false);
    });
  });

  describe('without selectors', () => {
    it('matches any non-strict destination, labelled or not', () => {
      expect(
        matchDestinationSelectors([], destination('a', { environment: 'dev' })),
      ).toBe(true);
      expect(
        matchDestinationSelectors(
          [],
          destination('b', { environment: 'dev' }, { strict: false }),
        ),
      ).toBe(true);
      expect(matchDestinationSelectors([], destination('bare'))).toBe(true);
    });

    it('treats entries with empty matchLabels as no selectors', () => {
      expect(
        matchDestinationSelectors([{ matchLabels: {} }], destination('bare')),
      ).toBe(true);
    });

    it('skips a strict destination that carries labels', () => {
      expect(
        matchDestinationSelectors(
          [],
          destination('a', { environment: 'platform' }, { strict: true }),
        ),
      ).toBe(false);
    });

    it('still matches a strict destination without labels', () => {
      expect(
        matchDestinationSelectors(
          [],
          destination('a', undefined, { strict: true }),
        ),
      ).toBe(true);
      expect(
        matchDestinationSelectors([], destination('b', {}, { strict: true })),
      ).toBe(true);
    });
  });

  it('never matches a destination that is being deleted', () => {
    expect(
      matchDestinationSelectors(
        [],
        destination('a', undefined, { deleting: true }),
      ),
    ).toBe(false);
    expect(
      matchDestinationSelectors(
        dev,
        destination('b', { environment: 'dev' }, { deleting: true }),
      ),
    ).toBe(false);
  });

  it('accepts the legacy Cluster kind, which has no strictMatchLabels', () => {
    const cluster = legacyCluster('old', { environment: 'dev' });
    expect(matchDestinationSelectors(dev, cluster)).toBe(true);
    expect(
      matchDestinationSelectors(
        [{ matchLabels: { environment: 'prod' } }],
        cluster,
      ),
    ).toBe(false);
    // Even a stray strictMatchLabels on a Cluster is ignored: the kind never supported it.
    const stray = {
      ...cluster,
      spec: { ...cluster.spec, strictMatchLabels: true },
    };
    expect(matchDestinationSelectors([], stray)).toBe(true);
  });
});

describe('evaluateDestinationSelectors', () => {
  it('reports the deciding rule, the merged labels and each mismatch', () => {
    expect(
      evaluateDestinationSelectors(
        [
          { matchLabels: { environment: 'dev' } },
          { matchLabels: { tier: 'gold', environment: 'prod' } },
        ],
        destination('edge', { environment: 'prod' }),
      ),
    ).toEqual({
      matches: false,
      rule: 'labels-differ',
      wanted: { environment: 'dev', tier: 'gold' },
      mismatches: [
        { key: 'environment', wanted: 'dev', actual: 'prod' },
        { key: 'tier', wanted: 'gold' },
      ],
    });
  });

  it('names each rule', () => {
    const rule = (...args: Parameters<typeof evaluateDestinationSelectors>) =>
      evaluateDestinationSelectors(...args).rule;
    expect(rule([], destination('a', { x: 'y' }))).toBe('no-selectors');
    expect(rule([], destination('a', { x: 'y' }, { strict: true }))).toBe(
      'strict-match-labels',
    );
    expect(rule(dev, destination('a'))).toBe('unlabelled-destination');
    expect(rule(dev, destination('a', { environment: 'dev' }))).toBe(
      'labels-match',
    );
    expect(rule(dev, destination('a', { environment: 'prod' }))).toBe(
      'labels-differ',
    );
    expect(
      rule(dev, destination('a', { environment: 'dev' }, { deleting: true })),
    ).toBe('being-deleted');
  });
});

describe('dry-run Destinations', () => {
  it('never receive normal work, whatever their other labels', () => {
    const dryRun = destination('preview', {
      environment: 'dev',
      'kratix.io/dry-run': 'true',
    });
    expect(matchDestinationSelectors(dev, dryRun)).toBe(false);
    expect(matchDestinationSelectors([], dryRun)).toBe(false);
    expect(evaluateDestinationSelectors([], dryRun).rule).toBe(
      'dry-run-destination',
    );
    expect(
      matchDestinationSelectors(
        dev,
        destination('dev', {
          environment: 'dev',
          'kratix.io/dry-run': 'false',
        }),
      ),
    ).toBe(true);
  });
});
