import { registerDryRunRequestAction } from './dryRunRequest';
import { registerExplainPromisePlacementAction } from './explainPromisePlacement';
import { registerFleetHealthAction } from './fleetHealth';
import { registerGetRequestAction } from './getRequest';
import { KratixActionsOptions } from './KratixActionsOptions';
import { registerListPromisesAction } from './listPromises';
import { registerMakeRequestAction } from './makeRequest';
import { registerManagePromiseAction } from './managePromise';
import { registerManageRequestAction } from './manageRequest';
import { registerUpdateRequestAction } from './updateRequest';
import { registerPromiseRevisionActions } from './promiseRevisions';
import { registerValidateRequestAction } from './validateRequest';

export type { KratixActionsOptions } from './KratixActionsOptions';

/**
 * Registers the Kratix actions with Backstage's actions registry, so MCP clients and AI
 * assistants can call them as `kratix:<name>` with the caller's own credentials:
 * `list-promises`, `explain-promise-placement`, `validate-request`, `make-request`,
 * `update-request`, `get-request`, `manage-request`, `manage-promise` and `dry-run-request`. Each is visible only to callers holding `kratix.platform.read`.
 */
export function registerKratixActions(options: KratixActionsOptions): void {
  registerListPromisesAction(options);
  registerExplainPromisePlacementAction(options);
  registerValidateRequestAction(options);
  registerMakeRequestAction(options);
  registerUpdateRequestAction(options);
  registerGetRequestAction(options);
  registerManageRequestAction(options);
  registerManagePromiseAction(options);
  registerPromiseRevisionActions(options);
  registerDryRunRequestAction(options);
  registerFleetHealthAction(options);
}
