import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  defaultEntityPresentation,
  EntityPresentationApi,
} from '@backstage/plugin-catalog-react';

/**
 * An entity presentation API that knows `entities`, presenting each as Backstage's default
 * presentation does for a loaded entity (display name, else title, else name), and any other
 * ref as its bare ref: what the catalog's presentation API answers once it has read them.
 */
export function fakeEntityPresentationApi(
  entities: Entity[],
): EntityPresentationApi {
  const byRef = new Map(entities.map(e => [stringifyEntityRef(e), e]));
  return {
    forEntity(entityOrRef, context) {
      const ref =
        typeof entityOrRef === 'string'
          ? entityOrRef
          : stringifyEntityRef(entityOrRef);
      const snapshot = defaultEntityPresentation(
        byRef.get(ref) ?? entityOrRef,
        context,
      );
      return { snapshot, promise: Promise.resolve(snapshot) };
    },
  };
}

/** The group that owns the test requests, with a display name that differs from its name. */
export const checkoutTeam: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'team-checkout', namespace: 'default' },
  spec: {
    type: 'team',
    profile: { displayName: 'Checkout Team' },
    children: [],
  },
};
