import { Config } from '@backstage/config';
import {
  DEFAULT_KRATIX_NOTIFICATION_LINKS,
  KratixNotificationLinks,
} from '@kratix-backstage/plugin-kratix-common';

/** The live service's settings from `kratix.notifications`. */
export function readLiveConfig(config: Config): {
  settleMs: number;
  links: KratixNotificationLinks;
} {
  const key = 'kratix.notifications.settleSeconds';
  const seconds = config.getOptionalNumber(key) ?? 10;
  if (!Number.isFinite(seconds) || seconds < 0 || seconds > 3600) {
    throw new Error(
      `Invalid Kratix configuration at ${key}: expected a number of seconds from 0 to 3600, got ${seconds}`,
    );
  }
  return { settleMs: seconds * 1000, links: readLinks(config) };
}

/**
 * Where notifications link to (`kratix.notifications.links`): the backend cannot know where
 * the app mounts the catalog's entity page and the Kratix page, so an app that moves them
 * says so here. Each is a path in the app or an http(s) URL.
 */
function readLinks(config: Config): KratixNotificationLinks {
  const read = (name: keyof KratixNotificationLinks) => {
    const key = `kratix.notifications.links.${name}`;
    const value =
      config.getOptionalString(key) ?? DEFAULT_KRATIX_NOTIFICATION_LINKS[name];
    if (!/^(\/|https?:\/\/)/.test(value)) {
      throw new Error(
        `Invalid Kratix configuration at ${key}: expected a path in the app (starting with /) or an http(s) URL, got ${value}`,
      );
    }
    return value;
  };
  const entity = read('entity');
  if (!entity.includes('{name}')) {
    throw new Error(
      `Invalid Kratix configuration at kratix.notifications.links.entity: the pattern must hold {name} (and, unless the app has one namespace and kind, {namespace} and {kind}), got ${entity}`,
    );
  }
  return { entity, kratixPage: read('kratixPage') };
}
