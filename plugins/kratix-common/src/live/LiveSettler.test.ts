import { LiveSettler } from './LiveSettler';

describe('LiveSettler', () => {
  const window = 10_000;

  it('reports a new state once it has held for the whole window, and only once', () => {
    const settler = new LiveSettler<string>(window);
    settler.baseline('a', 'Pending', 'v0');
    settler.observe('a', 'Ready', 'v1', 1_000);
    expect(settler.settle(10_999)).toEqual([]);
    expect(settler.settledState('a')).toBe('Pending');
    expect(settler.isSettling('a')).toBe(true);
    expect(settler.nextDueAt()).toBe(11_000);
    settler.observe('a', 'Ready', 'v2', 5_000);
    expect(settler.settle(11_000)).toEqual([
      {
        key: 'a',
        from: 'Pending',
        to: 'Ready',
        value: 'v2',
        previous: 'v0',
        since: 1_000,
      },
    ]);
    expect(settler.settledState('a')).toBe('Ready');
    expect(settler.settle(60_000)).toEqual([]);
    expect(settler.nextDueAt()).toBeUndefined();
  });

  it('reports nothing for a state that reverts within the window (Ready, Failing, Ready in 3 s)', () => {
    const settler = new LiveSettler<string>(window);
    settler.baseline('a', 'Ready', 'ok');
    settler.observe('a', 'Failing', 'broken', 0);
    settler.observe('a', 'Ready', 'ok again', 3_000);
    expect(settler.isSettling('a')).toBe(false);
    expect(settler.settle(20_000)).toEqual([]);
    expect(settler.settledState('a')).toBe('Ready');
  });

  it('waits a full window again when the waiting state changes to a third one', () => {
    const settler = new LiveSettler<string>(window);
    settler.baseline('a', 'Ready', 'ok');
    settler.observe('a', 'Failing', 'f', 0);
    settler.observe('a', 'Pending', 'p', 8_000);
    expect(settler.settle(10_000)).toEqual([]);
    expect(settler.settle(18_000)).toEqual([
      expect.objectContaining({ from: 'Ready', to: 'Pending', since: 8_000 }),
    ]);
  });

  it('reports keys that appear and keys that are gone, after the window', () => {
    const settler = new LiveSettler<string>(window);
    settler.baseline('old', 'Ready', 'x');
    settler.observe('new', 'Ready', 'n', 0);
    settler.observe('old', undefined, 'x', 0);
    expect(settler.settle(10_000)).toEqual([
      expect.objectContaining({ key: 'new', from: undefined, to: 'Ready' }),
      expect.objectContaining({ key: 'old', from: 'Ready', to: undefined }),
    ]);
    expect(settler.settledState('old')).toBeUndefined();
  });
});
