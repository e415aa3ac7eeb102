import { ResourceRequest } from '../model';
import { loadFixture } from '../__testUtils__/fixtures';
import { readPipelineWrittenStatus } from './readPipelineWrittenStatus';

describe('readPipelineWrittenStatus', () => {
  it('keeps only keys Kratix does not own, with their links and custom conditions', () => {
    const r = loadFixture<ResourceRequest>('request-jenkins-ready.yaml');
    const written = readPipelineWrittenStatus(r.status);
    expect(Object.keys(written.values)).toEqual([
      'url',
      'connectionDetails',
      'links',
    ]);
    expect(written.conditions.map(c => c.type)).toEqual(['SlackNotified']);
    expect(written.links).toEqual([
      { key: 'url', url: 'https://jenkins.team-checkout.dev.easyeaty.io' },
      {
        key: 'links.slack',
        url: 'https://easyeaty.slack.com/archives/C0PLATFORM',
      },
      {
        key: 'links.pagerduty',
        url: 'https://easyeaty.pagerduty.com/service-directory/PJENKINS',
      },
    ]);
  });

  it('finds links inside arrays and ignores non-URLs', () => {
    const written = readPipelineWrittenStatus({
      dashboards: ['http://grafana.local/d/1', 'not a url'],
      count: 3,
    });
    expect(written.links).toEqual([
      { key: 'dashboards[0]', url: 'http://grafana.local/d/1' },
    ]);
  });

  it('returns nothing for a status with only Kratix keys', () => {
    expect(
      readPipelineWrittenStatus({
        message: 'Resource requested',
        observedGeneration: 1,
      }),
    ).toEqual({ values: {}, conditions: [], links: [] });
    expect(readPipelineWrittenStatus(undefined).values).toEqual({});
  });
});
