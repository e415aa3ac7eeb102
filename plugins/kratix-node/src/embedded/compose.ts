import {
  BACKSTAGE_OWNER_LABEL,
  extractPromiseApi,
  KRATIX_LABELS,
  KratixPromise,
  OWNER_REF_ANNOTATION,
  ResourceRequest,
} from '@kratix-backstage/plugin-kratix-common';

/**
 * The part a required Promise plays in a composite: the suffix of its sub-request's name and
 * the section of the composite request's spec that configures it. Well-known Promises get
 * the names a compose pipeline gives them (`<app>-ci`, `<app>-db` from `spec.database`);
 * any other is named after itself and configured by the section of its own name.
 */
const ROLES: Record<string, { suffix: string; section: string }> = {
  jenkins: { suffix: 'ci', section: 'ci' },
  postgresql: { suffix: 'db', section: 'database' },
  postgres: { suffix: 'db', section: 'database' },
  mysql: { suffix: 'db', section: 'database' },
  redis: { suffix: 'cache', section: 'cache' },
  nginx: { suffix: 'ingress', section: 'ingress' },
  'nginx-ingress': { suffix: 'ingress', section: 'ingress' },
};

type Schema = {
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  default?: unknown;
  enum?: unknown[];
};

const isObject = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === 'object' && !Array.isArray(v);

/** Whether a value fits a property schema's declared type (no type: anything fits). */
function fits(value: unknown, schema: Schema | undefined): boolean {
  if (value === undefined || value === null) return false;
  if (schema?.enum && !schema.enum.includes(value)) return false;
  switch (schema?.type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isObject(value);
    default:
      return true;
  }
}

/**
 * The sub-requests a composite Promise's configure pipeline emits for one of its requests,
 * as the EasyEaty `web-app` compose pipeline does (the seed's
 * `state/platform/resources/team-checkout/web-app/storefront/compose/5058f/requests.yaml`):
 * one request per required Promise that has an API, in the composite request's namespace,
 * named `<request>-<role>`, labelled `kratix.io/component-of-*` (and carrying the request's
 * owner), its spec built from the required Promise's schema:
 *
 * - the parent's own spec fields of the same name and type (`env`, ...);
 * - then the fields of the parent's section for that role (`spec.database.size` → `size`);
 *   a section with `enabled: false` asks for no sub-request at all;
 * - required fields still missing take their schema default or first enum value, and a
 *   required string otherwise the team: the namespace without its `team-` prefix.
 *
 * Required Promises without an API (worker resources only, like the seed's nginx) get none.
 * @public
 */
export function composeSubRequests(
  parent: ResourceRequest,
  composite: KratixPromise,
  promises: KratixPromise[],
): ResourceRequest[] {
  const out: ResourceRequest[] = [];
  const parentSpec = parent.spec ?? {};
  const { name, namespace } = parent.metadata;
  for (const required of composite.spec?.requiredPromises ?? []) {
    const promise = promises.find(p => p.metadata.name === required.name);
    const api = promise && extractPromiseApi(promise);
    if (!api) continue;
    const role = ROLES[required.name] ?? {
      suffix: required.name,
      section: required.name,
    };
    const section = parentSpec[role.section];
    if (isObject(section) && section.enabled === false) continue;
    const schema = (api.specSchema ?? {}) as Schema;
    const properties = schema.properties ?? {};
    const spec: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(parentSpec)) {
      if (key in properties && fits(value, properties[key])) spec[key] = value;
    }
    if (isObject(section)) {
      for (const [key, value] of Object.entries(section)) {
        if (key in properties && fits(value, properties[key]))
          spec[key] = value;
      }
    }
    const filled: Record<string, unknown> = {};
    for (const key of schema.required ?? []) {
      if (key in spec) continue;
      const property = properties[key] ?? {};
      if (property.default !== undefined) filled[key] = property.default;
      else if (property.enum?.length) filled[key] = property.enum[0];
      else if (property.type === 'string')
        filled[key] = namespace.replace(/^team-/, '');
    }
    const labels: Record<string, string> = {
      [KRATIX_LABELS.componentOfPromiseName]: composite.metadata.name,
      [KRATIX_LABELS.componentOfResourceName]: name,
      [KRATIX_LABELS.componentOfResourceNamespace]: namespace,
    };
    const owner = parent.metadata.labels?.[BACKSTAGE_OWNER_LABEL];
    if (owner) labels[BACKSTAGE_OWNER_LABEL] = owner;
    const ownerRef = parent.metadata.annotations?.[OWNER_REF_ANNOTATION];
    out.push({
      apiVersion: api.apiVersion,
      kind: api.kind,
      metadata: {
        name: `${name}-${role.suffix}`.slice(0, 63),
        namespace,
        labels: Object.fromEntries(
          Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)),
        ),
        ...(ownerRef && { annotations: { [OWNER_REF_ANNOTATION]: ownerRef } }),
      },
      // Required fields first, as the schema lists them, then the rest.
      spec: { ...filled, ...spec },
    });
  }
  return out;
}
