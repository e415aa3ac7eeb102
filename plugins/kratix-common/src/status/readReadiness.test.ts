import {
  Destination,
  LegacyCluster,
  StateStore,
  Work,
  WorkPlacement,
} from '../model';
import { loadFixtures } from '../__testUtils__/fixtures';
import {
  readDestinationReadiness,
  readStateStoreReadiness,
  readWorkReadiness,
} from './readReadiness';

const destinations = loadFixtures<Destination | LegacyCluster>(
  'destinations.yaml',
);
const byName = (name: string) =>
  destinations.find(d => d.metadata.name === name)!;

describe('readiness readers', () => {
  it('reads a Ready destination with its reason', () => {
    expect(readDestinationReadiness(byName('eks'))).toEqual({
      ready: true,
      state: 'Ready',
      reason: 'TestDocumentsWritten',
      message: 'Test documents written to State Store',
    });
    expect(readDestinationReadiness(byName('platform')).reason).toBe(
      'DestinationReady',
    );
  });

  it('reads a failing destination with the reason to show', () => {
    expect(readDestinationReadiness(byName('on-prem-edge'))).toEqual(
      expect.objectContaining({
        ready: false,
        reason: 'StateStoreWriteFailed',
      }),
    );
  });

  it('says a legacy Cluster has no status', () => {
    expect(readDestinationReadiness(byName('legacy-worker')).ready).toBe(
      'Unknown',
    );
  });

  it('reads state stores by status word and condition', () => {
    const [git, bucket] = loadFixtures<StateStore>('statestores.yaml');
    expect(readStateStoreReadiness(git)).toEqual(
      expect.objectContaining({
        ready: true,
        state: 'Ready',
        reason: 'StateStoreReady',
      }),
    );
    expect(readStateStoreReadiness(bucket)).toEqual(
      expect.objectContaining({
        ready: false,
        state: 'NotReady',
        reason: 'SecretNotFound',
      }),
    );
    expect(readStateStoreReadiness({ ...git, status: undefined }).ready).toBe(
      'Unknown',
    );
  });

  it('reads Works and WorkPlacements, including misplaced ones', () => {
    const [work, placed, misplaced] = loadFixtures<Work | WorkPlacement>(
      'works.yaml',
    );
    expect(readWorkReadiness(work).state).toBe('Ready');
    expect(readWorkReadiness(placed)).toEqual(
      expect.objectContaining({ ready: true, state: 'Ready' }),
    );
    expect(readWorkReadiness(misplaced)).toEqual(
      expect.objectContaining({ ready: false, state: 'Misplaced' }),
    );
    expect(readWorkReadiness({ ...work, status: undefined }).state).toBe(
      'Pending',
    );
  });
});
