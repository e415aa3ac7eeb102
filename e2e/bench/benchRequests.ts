/*
 * The requests bench:live changes on the lab platform's fake cluster, over its HTTP API with
 * the platform's token, the way Kratix's controller writes a request's status.
 */

/** Lab's postgresql requests: the fixtures' team-checkout/storefront-db is the model. */
const API = '/apis/marketplace.kratix.io/v1alpha2/namespaces/team-checkout';
const PLURAL = 'postgresqls';
const MODEL = 'storefront-db';

type Condition = { type: string; message?: string };
type Status = { conditions?: Condition[] } & Record<string, unknown>;
type Lab = { url: string; token: string };

/** The message the bench writes, carrying the change's number, and how a page shows it. */
export const changeMessage = (k: number) => `Bench change ${k}`;
export const CHANGE_PATTERN = /Bench change (\d+)/g;

async function call(
  lab: Lab,
  path: string,
  method = 'GET',
  body?: unknown,
): Promise<any> {
  const patch = method === 'PATCH';
  const response = await fetch(`${lab.url}${API}/${PLURAL}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${lab.token}`,
      ...(body
        ? {
            'Content-Type': patch
              ? 'application/merge-patch+json'
              : 'application/json',
          }
        : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok)
    throw new Error(`${method} ${PLURAL}${path} answered ${response.status}`);
  return response.json();
}

/** Lab's requests the bench changes, by index, and how to change one. */
export interface BenchRequests {
  names: string[];
  /**
   * Writes `text` as the message of request `index`'s Reconciled condition (the message the
   * Promise page's requests table shows), as Kratix's controller patches a request's status.
   */
  setMessage(index: number, text: string): Promise<void>;
}

/**
 * Creates `count` postgresql requests in team-checkout beside the fixtures' storefront-db,
 * each with its spec and status (Reconciled, message `Bench start`).
 */
export async function createBenchRequests(
  lab: Lab,
  count: number,
): Promise<BenchRequests> {
  const model = await call(lab, `/${MODEL}`);
  const status: Status = model.status ?? {};
  const conditions = status.conditions ?? [];
  if (!conditions.some(c => c.type === 'Reconciled'))
    throw new Error(`${MODEL} has no Reconciled condition to copy`);
  const withMessage = (text: string) =>
    conditions.map(c =>
      c.type === 'Reconciled' ? { ...c, message: text } : c,
    );
  const names = Array.from(
    { length: count },
    (_, i) => `bench-db-${String(i + 1).padStart(2, '0')}`,
  );
  for (const name of names) {
    await call(lab, '', 'POST', {
      apiVersion: model.apiVersion,
      kind: model.kind,
      metadata: {
        name,
        namespace: model.metadata.namespace,
        labels: { 'kratix.io/promise-name': 'postgresql' },
      },
      spec: model.spec,
    });
    await call(lab, `/${name}/status`, 'PATCH', {
      status: { ...status, conditions: withMessage('Bench start') },
    });
  }
  return {
    names,
    setMessage: async (index, text) => {
      await call(lab, `/${names[index]}/status`, 'PATCH', {
        status: { conditions: withMessage(text) },
      });
    },
  };
}
