import {
  diffHealthState,
  HealthChange,
} from '@kratix-backstage/plugin-kratix-common';
import { RequestChangeRecorder } from './RequestChangeRecorder';

/**
 * Records, for each request of a platform, every change of its aggregated health
 * (`status.healthStatus.state`, which Kratix's HealthRecord controller writes) that the
 * request caches see. Bounded as the condition history is; a request's first sighting is its
 * baseline, and a deleted request's history goes with it.
 * @internal
 */
export class HealthHistoryRecorder extends RequestChangeRecorder<HealthChange> {
  constructor(
    options: { perRequest?: number; total?: number; now?: () => Date } = {},
  ) {
    super(diffHealthState, options);
  }
}
