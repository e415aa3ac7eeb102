import { ConfigReader } from '@backstage/config';
import { readLiveConfig } from './readLiveConfig';

describe('readLiveConfig', () => {
  it('settles for ten seconds by default and takes kratix.notifications.settleSeconds', () => {
    expect(readLiveConfig(new ConfigReader({}))).toEqual({ settleMs: 10_000 });
    expect(
      readLiveConfig(
        new ConfigReader({ kratix: { notifications: { settleSeconds: 0 } } }),
      ),
    ).toEqual({ settleMs: 0 });
  });

  it('refuses a negative window, naming the key', () => {
    expect(() =>
      readLiveConfig(
        new ConfigReader({ kratix: { notifications: { settleSeconds: -1 } } }),
      ),
    ).toThrow(
      'Invalid Kratix configuration at kratix.notifications.settleSeconds',
    );
  });
});
