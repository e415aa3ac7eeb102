import { liveSignalConcerns, liveSignalOf } from './liveMessages';

describe('live signals', () => {
  it('name only the kinds that changed, each once, in a fixed order', () => {
    expect(
      liveSignalOf('prod', [
        { kind: 'health' },
        { kind: 'request' },
        { kind: 'request' },
      ]),
    ).toEqual({ platform: 'prod', changed: ['request', 'health'] });
    expect(liveSignalOf('prod', [])).toBeUndefined();
  });

  it('concern the pages showing a kind that changed; a Promise page lists requests', () => {
    const signal = { platform: 'prod', changed: ['request'] };
    expect(liveSignalConcerns(signal, 'request')).toBe(true);
    expect(liveSignalConcerns(signal, 'promise')).toBe(true);
    expect(liveSignalConcerns(signal, 'destination')).toBe(false);
    expect(
      liveSignalConcerns({ platform: 'prod', changed: ['promise'] }, 'request'),
    ).toBe(false);
  });

  it('ignore anything on the channel that is not a signal', () => {
    expect(liveSignalConcerns(null, 'request')).toBe(false);
    expect(liveSignalConcerns({ changes: [] }, 'request')).toBe(false);
  });
});
