import { Condition, ResourceRequestStatus } from '../model';
import { KRATIX_CONDITION_TYPES } from './conditions';

/** Top-level request status keys Kratix owns; every other key came from a pipeline. @public */
export const KRATIX_OWNED_STATUS_KEYS: readonly string[] = [
  'message',
  'observedGeneration',
  'workflows',
  'workflowsSucceeded',
  'workflowsFailed',
  'promiseVersion',
  'resourceBindingVersion',
  'lastSuccessfulConfigureWorkflowTime',
  'conditions',
  'kratix',
  'healthStatus',
  'healthRecord',
];

/** What pipelines wrote to `status.yaml`, separated from Kratix's own keys. @public */
export interface PipelineWrittenStatus {
  /** Keys pipelines added (for example `connectionDetails`), in their original order. */
  values: Record<string, unknown>;
  /** Conditions whose type Kratix does not own (merged into status by type). */
  conditions: Condition[];
  /** Links found among the values, for showing off-cluster systems (Slack, PagerDuty...). */
  links: Array<{ key: string; url: string }>;
}

const URL_PATTERN = /^https?:\/\/[^\s]+$/i;

function collectLinks(
  value: unknown,
  path: string,
  out: Array<{ key: string; url: string }>,
) {
  if (typeof value === 'string') {
    if (URL_PATTERN.test(value)) out.push({ key: path, url: value });
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => collectLinks(v, `${path}[${i}]`, out));
    return;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value))
      collectLinks(v, path ? `${path}.${k}` : k, out);
  }
}

/**
 * Splits a request's status into what pipelines wrote: every top-level key Kratix does not
 * own, the conditions of types Kratix does not write, and any http(s) links among them.
 * @public
 */
export function readPipelineWrittenStatus(
  status: ResourceRequestStatus | undefined,
): PipelineWrittenStatus {
  const values: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(status ?? {})) {
    if (!KRATIX_OWNED_STATUS_KEYS.includes(key)) values[key] = value;
  }
  const conditions = (status?.conditions ?? []).filter(
    c => !KRATIX_CONDITION_TYPES.includes(c.type),
  );
  const links: Array<{ key: string; url: string }> = [];
  collectLinks(values, '', links);
  return { values, conditions, links };
}
