import { checkWorkflowSelectors, workloadGroupSelectors } from './workloadGroups';

describe('workloadGroupSelectors', () => {
  it('adds workflow selectors to the Promise selectors for the default group, in precedence order', () => {
    const groups = workloadGroupSelectors(
      [{ matchLabels: { env: 'dev' } }],
      [{ matchLabels: { env: 'prod', cloud: 'aws' } }],
      [{ matchLabels: { cloud: 'gcp', zone: 'a' } }],
    );
    expect(groups).toEqual([
      {
        directory: '.',
        selectors: [
          { matchLabels: { env: 'dev' }, source: 'promise' },
          { matchLabels: { env: 'prod', cloud: 'aws' }, source: 'promise-workflow' },
          { matchLabels: { cloud: 'gcp', zone: 'a' }, source: 'resource-workflow' },
        ],
      },
    ]);
  });

  it('gives a directory entry only its own labels', () => {
    const groups = workloadGroupSelectors(
      [{ matchLabels: { env: 'dev' } }],
      [{ directory: 'backstage', matchLabels: { environment: 'backstage' } }],
    );
    expect(groups[1]).toEqual({
      directory: 'backstage',
      selectors: [{ matchLabels: { environment: 'backstage' }, source: 'promise-workflow' }],
    });
  });
});

describe('checkWorkflowSelectors', () => {
  it('rejects sub-directories, duplicates and empty matchLabels', () => {
    expect(
      checkWorkflowSelectors([
        { directory: 'a/b', matchLabels: { x: 'y' } },
        { directory: 'c', matchLabels: {} },
        { directory: 'c', matchLabels: { x: 'y' } },
      ]),
    ).toEqual([
      'entry 0: directory "a/b" must be a top-level directory',
      'entry 1: matchLabels must not be empty',
      'entry 2: directory "c" is listed twice',
    ]);
    expect(checkWorkflowSelectors([{ matchLabels: { env: 'dev' } }])).toEqual([]);
  });
});
