import {
  componentEntityV1alpha1Validator,
  Entity,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  resourceEntityV1alpha1Validator,
  SchemaValidEntityPolicy,
  systemEntityV1alpha1Validator,
} from '@backstage/catalog-model';

const validators = [
  componentEntityV1alpha1Validator,
  resourceEntityV1alpha1Validator,
  systemEntityV1alpha1Validator,
];
const policies = [
  new SchemaValidEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
];

/** Runs the catalog's own envelope policies and kind validator on an entity (tests only). */
export async function expectValidEntity(entity: Entity): Promise<void> {
  for (const policy of policies) await policy.enforce(entity);
  const results = await Promise.all(validators.map(v => v.check(entity)));
  // Exactly one kind validator claims the entity, and it throws when the spec is invalid.
  expect(results.filter(Boolean)).toHaveLength(1);
}
