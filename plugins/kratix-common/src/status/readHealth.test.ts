import { HealthRecord, ResourceRequest } from '../model';
import { loadFixture, loadFixtures } from '../__testUtils__/fixtures';
import {
  aggregateHealthRecords,
  normaliseHealthState,
  readRequestHealth,
  worstHealthState,
} from './readHealth';

describe('readRequestHealth', () => {
  it('reads status.healthStatus with every record', () => {
    const r = loadFixture<ResourceRequest>('request-jenkins-ready.yaml');
    const health = readRequestHealth(r.status);
    expect(health.state).toBe('degraded');
    expect(health.source).toBe('healthStatus');
    expect(health.records.map(x => x.source?.name)).toEqual([
      'ci-liveness',
      'ci-agents',
    ]);
  });

  it('derives the state from records when healthStatus has no state', () => {
    expect(
      readRequestHealth({
        healthStatus: {
          healthRecords: [{ state: 'ready' }, { state: 'unhealthy' }],
        },
      }).state,
    ).toBe('unhealthy');
  });

  it('reads the older single healthRecord shape', () => {
    const r = loadFixture<ResourceRequest>('request-postgresql-legacy.yaml');
    expect(readRequestHealth(r.status)).toEqual({
      state: 'healthy',
      records: [{ state: 'healthy', lastRun: 1718182800, details: undefined }],
      source: 'healthRecord',
    });
  });

  it('says unknown when there is no health information', () => {
    expect(readRequestHealth(undefined)).toEqual({
      state: 'unknown',
      records: [],
      source: 'none',
    });
  });
});

describe('health state helpers', () => {
  it('orders states as Kratix does', () => {
    expect(worstHealthState(['ready', 'healthy'])).toBe('healthy');
    expect(worstHealthState(['ready', 'unknown'])).toBe('unknown');
    expect(worstHealthState(['degraded', 'unhealthy'])).toBe('unhealthy');
    expect(worstHealthState([])).toBe('unknown');
  });

  it('normalises case and unknown words', () => {
    expect(normaliseHealthState('Healthy')).toBe('healthy');
    expect(normaliseHealthState('on fire')).toBe('unknown');
    expect(normaliseHealthState(undefined)).toBe('unknown');
  });

  it('aggregates HealthRecord objects read from the cluster', () => {
    const records = loadFixtures<any>('versioning.yaml').filter(
      o => o.kind === 'HealthRecord',
    ) as HealthRecord[];
    const health = aggregateHealthRecords(records);
    expect(health.state).toBe('degraded');
    expect(health.records).toHaveLength(2);
    expect(aggregateHealthRecords([]).source).toBe('none');
  });
});
