import { customResourceSchemaErrors } from '../fakeSchemaValidation';
import { now, Obj, Served } from './model';
import { FieldError, invalid, required } from './validation';

/** The checks the apiextensions API server makes of a CRD. */
export function crdErrors(crd: Obj): FieldError[] {
  const errors: FieldError[] = [];
  const spec = crd.spec ?? {};
  const names = spec.names ?? {};
  if (!spec.group) errors.push(required('spec.group'));
  if (!names.plural) errors.push(required('spec.names.plural'));
  if (!names.kind) errors.push(required('spec.names.kind'));
  if (
    spec.group &&
    names.plural &&
    crd.metadata.name !== `${names.plural}.${spec.group}`
  )
    errors.push(
      invalid(
        'metadata.name',
        crd.metadata.name,
        'must be spec.names.plural+"."+spec.group',
      ),
    );
  if (!['Namespaced', 'Cluster'].includes(spec.scope))
    errors.push({
      field: 'spec.scope',
      reason: 'FieldValueInvalid',
      message: `Unsupported value: ${JSON.stringify(
        spec.scope ?? '',
      )}: supported values: "Cluster", "Namespaced"`,
    });
  const versions: any[] = Array.isArray(spec.versions) ? spec.versions : [];
  if (versions.length === 0)
    errors.push(
      invalid(
        'spec.versions',
        null,
        'must have exactly one version marked as storage version',
      ),
    );
  else if (versions.filter(v => v?.storage === true).length !== 1)
    errors.push(
      invalid(
        'spec.versions',
        versions.map(v => v?.name),
        'must have exactly one version marked as storage version',
      ),
    );
  return errors;
}

/**
 * The resource types a stored CRD defines, one per served version; undefined when it names
 * no group, plural or kind (the apiextensions controller then serves nothing).
 */
export function crdServedResources(
  crd: Obj,
): Array<Omit<Served, 'builtIn' | 'crd'>> | undefined {
  const spec = crd.spec ?? {};
  const names = spec.names ?? {};
  const versions: any[] = Array.isArray(spec.versions) ? spec.versions : [];
  if (!spec.group || !names.plural || !names.kind) return undefined;
  return versions
    .filter(v => v?.served !== false && typeof v?.name === 'string')
    .map(v => ({
      group: spec.group,
      version: v.name,
      plural: names.plural,
      kind: names.kind,
      singular: names.singular,
      shortNames: names.shortNames,
      namespaced: spec.scope !== 'Cluster',
      subresources: [
        ...(v.subresources?.status ? ['status'] : []),
        ...(v.subresources?.scale ? ['scale'] : []),
      ],
    }));
}

/** The status the apiextensions controller gives a CRD it serves: names accepted, established. */
export function establishedStatus(crd: Obj): object {
  const spec = crd.spec ?? {};
  const versions: any[] = Array.isArray(spec.versions) ? spec.versions : [];
  const storage = versions.find(v => v?.storage)?.name;
  const stored: string[] = crd.status?.storedVersions ?? [];
  const since =
    crd.status?.conditions?.find((c: any) => c.type === 'Established')
      ?.lastTransitionTime ?? now();
  return {
    acceptedNames: { ...(spec.names ?? {}) },
    storedVersions:
      storage && !stored.includes(storage) ? [...stored, storage] : stored,
    conditions: [
      {
        type: 'NamesAccepted',
        status: 'True',
        reason: 'NoConflicts',
        message: 'no conflicts found',
        lastTransitionTime: since,
      },
      {
        type: 'Established',
        status: 'True',
        reason: 'InitialNamesAccepted',
        message: 'the initial names have been accepted',
        lastTransitionTime: since,
      },
    ],
  };
}

/** The status a CRD would get, without serving it (for dry runs). */
export function dryRunStatus(crd: Obj): object {
  const names = crd.spec?.names ?? {};
  return { acceptedNames: names, storedVersions: [], conditions: [] };
}

/**
 * Errors of a custom resource against the schema of the version its CRD (`crd`, the object
 * `resource.crd` names) serves it at; none for a built-in kind.
 */
export function schemaErrors(
  crd: Obj | undefined,
  resource: Served,
  object: Obj,
): FieldError[] {
  if (!resource.crd) return [];
  const versions = crd?.spec?.versions as
    | Array<{ name: string; schema?: { openAPIV3Schema?: unknown } }>
    | undefined;
  const version = versions?.find(v => v.name === resource.version);
  return customResourceSchemaErrors(
    object as unknown as Record<string, unknown>,
    version?.schema?.openAPIV3Schema,
  );
}
