import { ConfigReader } from '@backstage/config';
import {
  DEFAULT_KRATIX_PROVIDER_SCHEDULE,
  DEFAULT_PUBLISHED_ENTITIES,
  readKratixEntityProviderConfig,
} from './config';

const read = (kratix: object) =>
  readKratixEntityProviderConfig(
    new ConfigReader({ catalog: { providers: { kratix } } }),
  );

describe('readKratixEntityProviderConfig', () => {
  it('defaults to the platform team, a sweep every minute and the backstage portal', () => {
    expect(readKratixEntityProviderConfig(new ConfigReader({}))).toEqual({
      owner: 'group:default/platform-team',
      schedule: DEFAULT_KRATIX_PROVIDER_SCHEDULE,
      publishedEntities: {
        // Kratix's docs and generator pipeline: `matchLabels: {environment: backstage}`.
        destinationLabels: { environment: 'backstage' },
        allowedKinds: [
          'Component',
          'API',
          'Resource',
          'System',
          'Domain',
          'Template',
        ],
      },
    });
  });

  it('reads which published entities are taken, or none', () => {
    expect(
      read({ publishedEntities: { enabled: false } }).publishedEntities,
    ).toBe(false);
    expect(
      read({
        publishedEntities: {
          destinationLabels: { portal: 'backstage', region: 'eu' },
          allowedKinds: ['Component'],
        },
      }).publishedEntities,
    ).toEqual({
      destinationLabels: { portal: 'backstage', region: 'eu' },
      allowedKinds: ['Component'],
    });
    expect(
      read({ publishedEntities: { enabled: true } }).publishedEntities,
    ).toEqual(DEFAULT_PUBLISHED_ENTITIES);
    // No labels would read every Destination.
    expect(() =>
      read({ publishedEntities: { destinationLabels: {} } }),
    ).toThrow(
      /^Invalid catalog\.providers\.kratix\.publishedEntities\.destinationLabels/,
    );
  });

  it('reads a short owner as a group in default and keeps full refs', () => {
    expect(read({ owner: 'sre' }).owner).toBe('group:default/sre');
    expect(read({ owner: 'user:ops/jane' }).owner).toBe('user:ops/jane');
  });

  it('reads the schedule, cron and ISO durations included', () => {
    expect(
      read({
        schedule: { frequency: { cron: '*/5 * * * *' }, timeout: 'PT1M' },
      }).schedule,
    ).toEqual({
      frequency: { cron: '*/5 * * * *' },
      timeout: { minutes: 1 },
    });
  });

  it('names the key to fix when a value is malformed', () => {
    expect(() => read({ owner: 'group:' })).toThrow(
      /^Invalid catalog\.providers\.kratix\.owner "group:"/,
    );
    expect(() => read({ schedule: { timeout: { minutes: 1 } } })).toThrow(
      /^Invalid catalog\.providers\.kratix\.schedule/,
    );
  });
});
