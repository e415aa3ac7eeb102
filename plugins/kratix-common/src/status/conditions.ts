import { Condition } from '../model';

/** Finds a condition by type, tolerating a missing list. @public */
export function findCondition(
  conditions: Condition[] | undefined,
  type: string,
): Condition | undefined {
  return conditions?.find(c => c.type === type);
}

/** True when the condition exists with status "True". @public */
export function isConditionTrue(
  conditions: Condition[] | undefined,
  type: string,
): boolean {
  return findCondition(conditions, type)?.status === 'True';
}

/** True when the condition exists with status "False". @public */
export function isConditionFalse(
  conditions: Condition[] | undefined,
  type: string,
): boolean {
  return findCondition(conditions, type)?.status === 'False';
}

/** Condition types Kratix itself writes on Promises and requests (not pipeline-written). @public */
export const KRATIX_CONDITION_TYPES: readonly string[] = [
  'RequirementsFulfilled',
  'ConfigureWorkflowCompleted',
  'WorksSucceeded',
  'Available',
  'Reconciled',
  'DeleteWorkflowCompleted',
  'PromiseAvailable',
  'PipelineCompleted',
];
