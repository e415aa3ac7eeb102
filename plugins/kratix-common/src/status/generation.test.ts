import { readCatchUp } from './generation';

describe('readCatchUp', () => {
  it('is updating while generation is ahead of observedGeneration', () => {
    expect(
      readCatchUp({
        metadata: { generation: 3 },
        status: { observedGeneration: 2 },
      }).updating,
    ).toBe(true);
    expect(
      readCatchUp({
        metadata: { generation: 2 },
        status: { observedGeneration: 2 },
      }).updating,
    ).toBe(false);
  });

  it('is updating when Kratix wrote no status yet', () => {
    expect(readCatchUp({ metadata: { generation: 1 } })).toEqual({
      updating: true,
      neverObserved: true,
      generation: 1,
      observedGeneration: undefined,
    });
    expect(
      readCatchUp({ metadata: { generation: 1 }, status: {} }).updating,
    ).toBe(true);
  });

  it('cannot tell on older Kratix that wrote status without observedGeneration', () => {
    expect(
      readCatchUp({
        metadata: { generation: 4 },
        status: { status: 'Available' } as any,
      }).updating,
    ).toBe(false);
  });
});
