import { KRATIX_LABELS } from '../model';

/** What a person can do to a request from the portal. @public */
export type ManageAction =
  | 'rerun'
  | 'pause'
  | 'resume'
  | 'resume-suspended'
  | 'upgrade'
  | 'delete';

/** Every manage action, for validation and menus. @public */
export const MANAGE_ACTIONS: readonly ManageAction[] = [
  'rerun',
  'pause',
  'resume',
  'resume-suspended',
  'upgrade',
  'delete',
];

/**
 * What an admin can do to a Promise's workflows: the label acts of requests, which Kratix's
 * Promise controller reads the same way (no upgrade or delete of a Promise from here).
 * @public
 */
export type PromiseManageAction = Extract<
  ManageAction,
  'rerun' | 'pause' | 'resume' | 'resume-suspended'
>;

/** Every Promise manage action, for validation and menus. @public */
export const PROMISE_MANAGE_ACTIONS: readonly PromiseManageAction[] = [
  'rerun',
  'pause',
  'resume',
  'resume-suspended',
];

/**
 * The label changes that carry out a manage action, as Kratix reads them: `null` removes a
 * label. Upgrade and delete are not label changes and return undefined.
 * @public
 */
export function labelChangesFor(
  action: ManageAction,
): Record<string, string | null> | undefined {
  switch (action) {
    case 'rerun':
      return { [KRATIX_LABELS.manualReconciliation]: 'true' };
    case 'pause':
      return { [KRATIX_LABELS.paused]: 'true' };
    case 'resume':
      return { [KRATIX_LABELS.paused]: null };
    case 'resume-suspended':
      return { [KRATIX_LABELS.workflowSuspended]: null };
    default:
      return undefined;
  }
}

/** Applies label changes to a label map, returning a new map. @public */
export function applyLabelChanges(
  labels: Record<string, string> | undefined,
  changes: Record<string, string | null>,
): Record<string, string> {
  const next = { ...(labels ?? {}) };
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) delete next[key];
    else next[key] = value;
  }
  return next;
}

/** A past-tense sentence for the result of an action, for logs and toasts. @public */
export function describeManageAction(
  action: ManageAction,
  target: string,
  version?: string,
): string {
  switch (action) {
    case 'rerun':
      return `Asked Kratix to re-run the pipelines of ${target}`;
    case 'pause':
      return `Paused reconciliation of ${target}`;
    case 'resume':
      return `Resumed reconciliation of ${target}`;
    case 'resume-suspended':
      return `Resumed the suspended workflow of ${target}`;
    case 'upgrade':
      return `Asked Kratix to move ${target} to version ${version}`;
    default:
      return `Asked Kratix to delete ${target}`;
  }
}
