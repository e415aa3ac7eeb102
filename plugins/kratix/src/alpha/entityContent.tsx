import { compatWrapper } from '@backstage/core-compat-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { isKratixEntity } from '@kratix-backstage/plugin-kratix-common';

/** The Kratix tab of Promise and request entity pages, at `/kratix`. @alpha */
export const kratixEntityContent = EntityContentBlueprint.make({
  name: 'kratix',
  params: {
    path: '/kratix',
    title: 'Kratix',
    filter: entity => isKratixEntity(entity),
    loader: () =>
      import('../components/EntityKratixContent').then(m =>
        compatWrapper(<m.EntityKratixContent />),
      ),
  },
});
