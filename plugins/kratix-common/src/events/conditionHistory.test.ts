import { Condition } from '../model';
import { diffConditions } from './conditionHistory';

const c = (
  type: string,
  status: Condition['status'],
  reason?: string,
  message?: string,
): Condition => ({
  type,
  status,
  reason,
  message,
  lastTransitionTime: '2026-01-01T00:00:00Z',
});

describe('diffConditions', () => {
  const time = '2026-01-01T00:00:05Z';

  it('reports nothing when only times or generations move', () => {
    expect(
      diffConditions(
        [c('Reconciled', 'True', 'Reconciled', 'Reconciled')],
        [
          {
            ...c('Reconciled', 'True', 'Reconciled', 'Reconciled'),
            lastTransitionTime: '2026-01-01T00:00:04Z',
            observedGeneration: 2,
          },
        ],
        time,
      ),
    ).toEqual([]);
  });

  it('reports conditions that appear, change status, reason or message, and go', () => {
    expect(
      diffConditions(
        [
          c('Reconciled', 'True', 'Reconciled', 'Reconciled'),
          c('WorksSucceeded', 'True', 'WorksSucceeded'),
          c('DeleteWorkflowCompleted', 'False', 'DeleteWorkflowFailed'),
          c('ConfigureWorkflowCompleted', 'False', 'PipelinesInProgress', 'a'),
        ],
        [
          c('Reconciled', 'Unknown', 'WorksPending', 'Pending'),
          c('WorksSucceeded', 'True', 'WorksSucceeded'),
          c('ConfigureWorkflowCompleted', 'False', 'PipelinesInProgress', 'b'),
          c('PromiseAvailable', 'True', 'PromiseAvailable'),
        ],
        time,
      ),
    ).toEqual([
      {
        time,
        type: 'Reconciled',
        status: 'Unknown',
        reason: 'WorksPending',
        message: 'Pending',
      },
      {
        time,
        type: 'ConfigureWorkflowCompleted',
        status: 'False',
        reason: 'PipelinesInProgress',
        message: 'b',
      },
      {
        time,
        type: 'PromiseAvailable',
        status: 'True',
        reason: 'PromiseAvailable',
      },
      { time, type: 'DeleteWorkflowCompleted', removed: true },
    ]);
  });

  it('takes no conditions as an empty list', () => {
    expect(diffConditions(undefined, undefined, time)).toEqual([]);
    expect(diffConditions(undefined, [c('Ready', 'True')], time)).toEqual([
      { time, type: 'Ready', status: 'True' },
    ]);
  });
});
