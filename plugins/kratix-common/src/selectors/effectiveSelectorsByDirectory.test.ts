import { destination } from './__testUtils__/destinations';
import { effectiveSelectorsByDirectory } from './effectiveSelectorsByDirectory';
import { matchingDestinations } from './matchingDestinations';
import { DestinationSelectorsFileEntry } from './types';

const promise = {
  spec: { destinationSelectors: [{ matchLabels: { environment: 'dev' } }] },
};

describe('effectiveSelectorsByDirectory', () => {
  it('gives the default group the Promise selectors when no workflow file exists', () => {
    expect(effectiveSelectorsByDirectory(promise)).toEqual([
      {
        directory: '.',
        selectors: [{ matchLabels: { environment: 'dev' }, source: 'promise' }],
        matchLabels: { environment: 'dev' },
      },
    ]);
  });

  it('returns an empty default group for a Promise without selectors', () => {
    expect(effectiveSelectorsByDirectory({ spec: {} })).toEqual([
      { directory: '.', selectors: [], matchLabels: {} },
    ]);
    expect(effectiveSelectorsByDirectory(undefined)).toEqual([
      { directory: '.', selectors: [], matchLabels: {} },
    ]);
  });

  it("adds the workflow file's entries without a directory to the Promise selectors, the Promise's winning", () => {
    const [group] = effectiveSelectorsByDirectory(
      promise,
      [],
      [{ matchLabels: { environment: 'staging', zone: 'a' } }],
    );
    expect(group.selectors).toEqual([
      { matchLabels: { environment: 'dev' }, source: 'promise' },
      {
        matchLabels: { environment: 'staging', zone: 'a' },
        source: 'resource-workflow',
      },
    ]);
    expect(group.matchLabels).toEqual({ environment: 'dev', zone: 'a' });
  });

  // api/v1alpha1/promise_types.go GetWorkloadGroupScheduling: the scheduling Kratix gives a
  // resource pipeline (the promise-scheduling ConfigMap of pipeline_factory.go) holds the
  // Promise's destinationSelectors only, so work-creator/lib/work_creator.go adds no
  // promise-workflow selectors to a request's Work.
  it("never lets the Promise workflow's selectors reach a request's Work (GetWorkloadGroupScheduling)", () => {
    const [forRequest] = effectiveSelectorsByDirectory(
      promise,
      [{ matchLabels: { cloud: 'aws' } }],
      [{ matchLabels: { zone: 'a' } }],
    );
    expect(forRequest.matchLabels).toEqual({ environment: 'dev', zone: 'a' });
    const [forPromise] = effectiveSelectorsByDirectory(
      promise,
      [{ matchLabels: { cloud: 'aws' } }],
      [{ matchLabels: { zone: 'a' } }],
      'promise',
    );
    expect(forPromise.matchLabels).toEqual({
      environment: 'dev',
      cloud: 'aws',
    });
  });

  it('lets the resource-workflow file decide when nothing outranks it', () => {
    const [group] = effectiveSelectorsByDirectory(
      { spec: {} },
      [],
      [{ matchLabels: { environment: 'staging' } }],
    );
    expect(group.matchLabels).toEqual({ environment: 'staging' });
  });

  it('treats directory "." and "./" as the default group', () => {
    const groups = effectiveSelectorsByDirectory(
      promise,
      [],
      [
        { directory: '.', matchLabels: { cloud: 'aws' } },
        { directory: './', matchLabels: { zone: 'a' } },
      ],
    );
    expect(groups).toHaveLength(1);
    expect(groups[0].matchLabels).toEqual({
      environment: 'dev',
      cloud: 'aws',
      zone: 'a',
    });
  });

  it('gives a directory entry only its own labels, ignoring the Promise selectors', () => {
    const groups = effectiveSelectorsByDirectory(
      promise,
      [],
      [{ directory: 'backstage', matchLabels: { environment: 'backstage' } }],
    );
    expect(groups).toEqual([
      {
        directory: '.',
        selectors: [{ matchLabels: { environment: 'dev' }, source: 'promise' }],
        matchLabels: { environment: 'dev' },
      },
      {
        directory: 'backstage',
        selectors: [
          {
            matchLabels: { environment: 'backstage' },
            source: 'resource-workflow',
          },
        ],
        matchLabels: { environment: 'backstage' },
      },
    ]);
  });

  it('keeps directory groups in order of first appearance, normalising trailing slashes', () => {
    const groups = effectiveSelectorsByDirectory(
      promise,
      [],
      [
        { directory: 'dependencies/', matchLabels: { role: 'deps' } },
        { directory: 'backstage', matchLabels: { environment: 'backstage' } },
        { matchLabels: { zone: 'a' } },
      ],
    );
    expect(groups.map(g => g.directory)).toEqual([
      '.',
      'dependencies',
      'backstage',
    ]);
    expect(groups[0].matchLabels).toEqual({ environment: 'dev', zone: 'a' });
  });

  it('applies a directory entry only to the Work of the workflow that wrote it', () => {
    const promiseWorkflow: DestinationSelectorsFileEntry[] = [
      { directory: 'shared', matchLabels: { environment: 'platform' } },
      { matchLabels: { zone: 'a' } },
    ];
    const resourceWorkflow = [
      {
        directory: 'shared',
        matchLabels: { environment: 'dev', cloud: 'aws' },
      },
    ];
    const forRequest = effectiveSelectorsByDirectory(
      promise,
      promiseWorkflow,
      resourceWorkflow,
    );
    expect(forRequest.map(g => g.directory)).toEqual(['.', 'shared']);
    expect(forRequest[1]).toEqual({
      directory: 'shared',
      selectors: [
        {
          matchLabels: { environment: 'dev', cloud: 'aws' },
          source: 'resource-workflow',
        },
      ],
      matchLabels: { environment: 'dev', cloud: 'aws' },
    });
    // Nor does the promise workflow's entry without a directory.
    expect(forRequest[0].matchLabels).toEqual({ environment: 'dev' });

    const forPromise = effectiveSelectorsByDirectory(
      promise,
      promiseWorkflow,
      resourceWorkflow,
      'promise',
    );
    expect(forPromise[1]).toEqual({
      directory: 'shared',
      selectors: [
        {
          matchLabels: { environment: 'platform' },
          source: 'promise-workflow',
        },
      ],
      matchLabels: { environment: 'platform' },
    });
  });

  it('reads the legacy clusterSelector of an older Promise', () => {
    const [group] = effectiveSelectorsByDirectory(
      { spec: { clusterSelector: { environment: 'prod' } } },
      [],
      [{ matchLabels: { cloud: 'aws' } }],
    );
    expect(group.selectors[0]).toEqual({
      matchLabels: { environment: 'prod' },
      source: 'promise',
    });
    expect(group.matchLabels).toEqual({ environment: 'prod', cloud: 'aws' });
  });

  it('feeds matchingDestinations per group', () => {
    const fleet = [
      destination('dev', { environment: 'dev' }),
      destination('backstage', { environment: 'backstage' }, { strict: true }),
    ];
    const groups = effectiveSelectorsByDirectory(
      promise,
      [],
      [{ directory: 'backstage', matchLabels: { environment: 'backstage' } }],
    );
    expect(
      groups.map(g =>
        matchingDestinations(g.selectors, fleet).map(d => d.metadata.name),
      ),
    ).toEqual([['dev'], ['backstage']]);
  });

  it('does not share label maps with its inputs', () => {
    const input = {
      spec: { destinationSelectors: [{ matchLabels: { environment: 'dev' } }] },
    };
    effectiveSelectorsByDirectory(
      input,
    )[0].selectors[0].matchLabels.environment = 'changed';
    expect(input.spec.destinationSelectors[0].matchLabels.environment).toBe(
      'dev',
    );
  });
});
