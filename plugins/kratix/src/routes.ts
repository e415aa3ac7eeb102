import {
  createExternalRouteRef,
  createRouteRef,
  createSubRouteRef,
} from '@backstage/core-plugin-api';

/** The Kratix page (Promises and clusters). @public */
export const rootRouteRef = createRouteRef({ id: 'kratix' });

/** A Promise's page under the Kratix page. @public */
export const promiseRouteRef = createSubRouteRef({
  id: 'kratix/promise',
  parent: rootRouteRef,
  path: '/promises/:platform/:name',
});

/** The Clusters tab of the Kratix page. @public */
export const clustersRouteRef = createSubRouteRef({
  id: 'kratix/clusters',
  parent: rootRouteRef,
  path: '/clusters',
});

/** A cluster's page under the Kratix page. @public */
export const clusterRouteRef = createSubRouteRef({
  id: 'kratix/cluster',
  parent: rootRouteRef,
  path: '/clusters/:platform/:name',
});

/** The Platform admin tab of the Kratix page (shown to a platform's admins). @public */
export const adminRouteRef = createSubRouteRef({
  id: 'kratix/admin',
  parent: rootRouteRef,
  path: '/admin',
});

/**
 * The scaffolder's page of one Template, where the Request button goes. Optional: an app
 * that does not bind it shows no Request button. A legacy app binds it to
 * `scaffolderPlugin.routes.selectedTemplate`; the new frontend system binds it there by
 * default (the scaffolder's `selectedTemplate` route has the same params).
 * @public
 */
export const scaffolderTemplateRouteRef = createExternalRouteRef({
  id: 'kratix-scaffolder-template',
  optional: true,
  params: ['namespace', 'templateName'],
  defaultTarget: 'scaffolder.selectedTemplate',
});
