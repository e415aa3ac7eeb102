import { Config } from '@backstage/config';

/** The live service's settings from `kratix.notifications`. */
export function readLiveConfig(config: Config): { settleMs: number } {
  const key = 'kratix.notifications.settleSeconds';
  const seconds = config.getOptionalNumber(key) ?? 10;
  if (!Number.isFinite(seconds) || seconds < 0 || seconds > 3600) {
    throw new Error(
      `Invalid Kratix configuration at ${key}: expected a number of seconds from 0 to 3600, got ${seconds}`,
    );
  }
  return { settleMs: seconds * 1000 };
}
