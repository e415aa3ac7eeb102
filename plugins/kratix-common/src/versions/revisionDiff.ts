import { KratixPromise } from '../model/Promise';
import { PromiseRevision } from '../model/versioning';
import { DocumentDiff, diffDocuments } from './documentDiff';
import {
  SchemaPropertyChange,
  apiSchemaOf,
  diffApiSchemas,
} from './schemaDiff';

/** What changed from one revision of a Promise to another. @public */
export interface PromiseRevisionDiff {
  from: string;
  to: string;
  /** The API schema, property by property. */
  api: SchemaPropertyChange[];
  /** `spec.workflows` as documents. */
  workflows: DocumentDiff;
  /** `spec.dependencies` as documents. */
  dependencies: DocumentDiff;
  /** `spec.requiredPromises` as documents. */
  requiredPromises: DocumentDiff;
}

/**
 * The difference of two revisions' Promise specs (PromiseRevision spec.promiseSpec,
 * promiserevision_types.go): the API schema property by property, workflows, dependencies
 * and required Promises as YAML document diffs.
 * @public
 */
export function diffPromiseRevisions(
  from: PromiseRevision,
  to: PromiseRevision,
): PromiseRevisionDiff {
  const a = (from.spec.promiseSpec ?? {}) as KratixPromise['spec'] &
    Record<string, unknown>;
  const b = (to.spec.promiseSpec ?? {}) as KratixPromise['spec'] &
    Record<string, unknown>;
  return {
    from: from.spec.version,
    to: to.spec.version,
    api: diffApiSchemas(apiSchemaOf(a), apiSchemaOf(b)),
    workflows: diffDocuments(a.workflows, b.workflows),
    dependencies: diffDocuments(a.dependencies, b.dependencies),
    requiredPromises: diffDocuments(a.requiredPromises, b.requiredPromises),
  };
}
