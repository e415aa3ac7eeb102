import {
  kratixSignalChannel,
  KratixLiveMessage,
  liveMessageConcerns,
} from './liveMessages';

const message = (changes: KratixLiveMessage['changes']): KratixLiveMessage => ({
  platform: 'easyeaty',
  changes,
});

describe('live messages', () => {
  it('names one channel per platform', () => {
    expect(kratixSignalChannel('easyeaty')).toBe('kratix:easyeaty');
  });

  it('concern the request page of the request that changed, and no other', () => {
    const m = message([
      {
        kind: 'request',
        promise: 'jenkins',
        namespace: 'team-a',
        name: 'ci',
        phase: 'Ready',
      },
    ]);
    const page = {
      kind: 'request',
      promise: 'jenkins',
      namespace: 'team-a',
    } as const;
    expect(liveMessageConcerns(m, { ...page, name: 'ci' })).toBe(true);
    expect(liveMessageConcerns(m, { ...page, name: 'other' })).toBe(false);
  });

  it('concern a Promise page when one of its requests changed, and lists of their kind', () => {
    const m = message([
      { kind: 'request', promise: 'jenkins', namespace: 'team-a', name: 'ci' },
      { kind: 'destination', name: 'gke' },
    ]);
    expect(liveMessageConcerns(m, { kind: 'promise', name: 'jenkins' })).toBe(
      true,
    );
    expect(liveMessageConcerns(m, { kind: 'promise', name: 'nginx' })).toBe(
      false,
    );
    expect(liveMessageConcerns(m, { kind: 'destination' })).toBe(true);
    expect(liveMessageConcerns(m, { kind: 'destination', name: 'eks' })).toBe(
      false,
    );
    expect(liveMessageConcerns(m, { kind: 'health' })).toBe(false);
    expect(
      liveMessageConcerns(message([{ kind: 'health' }]), { kind: 'health' }),
    ).toBe(true);
  });
});
