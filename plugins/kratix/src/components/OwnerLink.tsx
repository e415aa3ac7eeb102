import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { normalizeOwnerRef } from '@kratix-backstage/plugin-kratix-common';

/**
 * An owner as the catalog presents it: a link to its entity page, named by its display name
 * (the app's entity presentation: a group's `spec.profile.displayName`, else its title, else
 * its name). A bare name is a group, as Backstage reads an `owner`. Text that is no entity ref
 * (a hand-written label) is shown as it is, since there is no entity to link to.
 */
export function OwnerLink({ owner }: { owner?: string }) {
  if (!owner) return null;
  const ref = normalizeOwnerRef(owner);
  if (!ref) return <>{owner}</>;
  return <EntityRefLink entityRef={ref} defaultKind="group" />;
}
