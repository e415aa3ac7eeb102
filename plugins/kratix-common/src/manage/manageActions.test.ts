import {
  applyLabelChanges,
  describeManageAction,
  labelChangesFor,
} from './manageActions';

describe('manage actions', () => {
  it('map to the labels Kratix reads', () => {
    expect(labelChangesFor('rerun')).toEqual({
      'kratix.io/manual-reconciliation': 'true',
    });
    expect(labelChangesFor('pause')).toEqual({ 'kratix.io/paused': 'true' });
    expect(labelChangesFor('resume')).toEqual({ 'kratix.io/paused': null });
    expect(labelChangesFor('resume-suspended')).toEqual({
      'kratix.io/workflow-suspended': null,
    });
    expect(labelChangesFor('upgrade')).toBeUndefined();
    expect(labelChangesFor('delete')).toBeUndefined();
  });

  it('apply label changes without touching others', () => {
    expect(
      applyLabelChanges(
        { a: '1', 'kratix.io/paused': 'true' },
        { 'kratix.io/paused': null, b: '2' },
      ),
    ).toEqual({ a: '1', b: '2' });
    expect(applyLabelChanges(undefined, { a: '1' })).toEqual({ a: '1' });
  });

  it('describe what was done', () => {
    expect(describeManageAction('upgrade', 'team-a/ci', 'v1.3.0')).toBe(
      'Asked Kratix to move team-a/ci to version v1.3.0',
    );
    expect(describeManageAction('pause', 'team-a/ci')).toBe(
      'Paused reconciliation of team-a/ci',
    );
  });
});
