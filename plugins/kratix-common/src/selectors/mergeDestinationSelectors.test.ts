import { mergeDestinationSelectors } from './mergeDestinationSelectors';

describe('mergeDestinationSelectors', () => {
  it('returns no labels for no selectors', () => {
    expect(mergeDestinationSelectors([])).toEqual({});
    expect(mergeDestinationSelectors([{}, { matchLabels: {} }])).toEqual({});
  });

  it('combines the labels of every entry (AND)', () => {
    expect(
      mergeDestinationSelectors([
        { matchLabels: { environment: 'dev' } },
        { matchLabels: { cloud: 'aws' } },
      ]),
    ).toEqual({
      environment: 'dev',
      cloud: 'aws',
    });
  });

  it('lets the earlier entry win a key clash', () => {
    expect(
      mergeDestinationSelectors([
        { matchLabels: { environment: 'dev' } },
        { matchLabels: { environment: 'prod', cloud: 'aws' } },
        { matchLabels: { cloud: 'gcp' } },
      ]),
    ).toEqual({ environment: 'dev', cloud: 'aws' });
  });

  it('treats label keys that shadow Object.prototype as ordinary keys', () => {
    expect(
      mergeDestinationSelectors([
        { matchLabels: { constructor: 'a' } },
        { matchLabels: { constructor: 'b' } },
      ]),
    ).toEqual({
      constructor: 'a',
    });
  });

  it('does not mutate its input', () => {
    const selectors = [{ matchLabels: { a: '1' } }];
    mergeDestinationSelectors(selectors).a = 'changed';
    expect(selectors[0].matchLabels.a).toBe('1');
  });
});
