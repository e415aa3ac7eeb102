import { ConfigReader } from '@backstage/config';
import { DEFAULT_KRATIX_NOTIFICATION_LINKS } from '@kratix-backstage/plugin-kratix-common';
import { readLiveConfig } from './readLiveConfig';

describe('readLiveConfig', () => {
  it('settles for ten seconds by default and takes kratix.notifications.settleSeconds', () => {
    expect(readLiveConfig(new ConfigReader({})).settleMs).toBe(10_000);
    expect(
      readLiveConfig(
        new ConfigReader({ kratix: { notifications: { settleSeconds: 0 } } }),
      ).settleMs,
    ).toBe(0);
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

  it("links to a stock app's catalog entity page and Kratix page by default", () => {
    expect(readLiveConfig(new ConfigReader({})).links).toEqual(
      DEFAULT_KRATIX_NOTIFICATION_LINKS,
    );
  });

  it('takes the paths an app mounts them at from kratix.notifications.links', () => {
    const links = {
      entity: 'https://portal.example.com/software/{kind}/{namespace}/{name}',
      kratixPage: '/platform/kratix',
    };
    expect(
      readLiveConfig(new ConfigReader({ kratix: { notifications: { links } } }))
        .links,
    ).toEqual(links);
    // One of the two alone: the other stays the default.
    expect(
      readLiveConfig(
        new ConfigReader({
          kratix: { notifications: { links: { kratixPage: '/k' } } },
        }),
      ).links,
    ).toEqual({ ...DEFAULT_KRATIX_NOTIFICATION_LINKS, kratixPage: '/k' });
  });

  it('refuses a link that is neither a path nor an http(s) URL, and an entity pattern without {name}', () => {
    const read = (links: object) => () =>
      readLiveConfig(
        new ConfigReader({ kratix: { notifications: { links } } }),
      );
    expect(read({ kratixPage: 'kratix' })).toThrow(
      'Invalid Kratix configuration at kratix.notifications.links.kratixPage',
    );
    expect(read({ entity: 'ftp://files.example.com/{name}' })).toThrow(
      'Invalid Kratix configuration at kratix.notifications.links.entity',
    );
    expect(read({ entity: '/catalog/{namespace}/{kind}' })).toThrow(
      'the pattern must hold {name}',
    );
  });
});
