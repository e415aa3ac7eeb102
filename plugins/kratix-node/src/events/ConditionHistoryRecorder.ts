import {
  Condition,
  ConditionChange,
  diffConditions,
  ResourceRequest,
} from '@kratix-backstage/plugin-kratix-common';
import { RequestChangeRecorder } from './RequestChangeRecorder';

const conditionsOf = (request: ResourceRequest | undefined) =>
  (request?.status as { conditions?: Condition[] } | undefined)?.conditions;

/**
 * Records, for each request of a platform, every change of its status conditions that the
 * request caches see (a status that flaps for a few seconds shows every step). Bounded: at
 * most `perRequest` changes of one request, and `total` in all, the requests that changed
 * least recently forgotten first. A request's first sighting is its baseline, not a change;
 * a deleted request's history goes with it.
 * @internal
 */
export class ConditionHistoryRecorder extends RequestChangeRecorder<ConditionChange> {
  constructor(
    options: { perRequest?: number; total?: number; now?: () => Date } = {},
  ) {
    super((previous, request, time) => {
      const before = conditionsOf(previous);
      const after = conditionsOf(request);
      return before === after ? [] : diffConditions(before, after, time);
    }, options);
  }
}
