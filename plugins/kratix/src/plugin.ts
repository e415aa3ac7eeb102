import {
  createComponentExtension,
  createApiFactory,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import { kratixApiRef } from './api/KratixApi';
import {
  KratixClusterCredentials,
  KratixClusterLabelPicker,
  KratixDryRunPreview,
  KratixKeyValueField,
  KratixNamespacePicker,
  KratixPlatformPicker,
  KratixRequestPicker,
  KratixTextField,
  validateKratixKeyValueField,
  validateKratixNamespace,
  validateKratixTextField,
} from './components/fields';
import { KratixClient } from './api/KratixClient';
import { builtInAuthApis, clusterAuthApiRefs } from './api/clusterToken';
import {
  adminRouteRef,
  clusterRouteRef,
  clustersRouteRef,
  promiseRouteRef,
  rootRouteRef,
  scaffolderTemplateRouteRef,
} from './routes';

/** The Kratix frontend plugin for the legacy app. @public */
export const kratixPlugin = createPlugin({
  id: 'kratix',
  apis: [
    createApiFactory({
      api: kratixApiRef,
      deps: {
        discoveryApi: discoveryApiRef,
        fetchApi: fetchApiRef,
        ...clusterAuthApiRefs,
      },
      factory: ({ discoveryApi, fetchApi, ...auth }) =>
        new KratixClient({
          discoveryApi,
          fetchApi,
          apis: builtInAuthApis(auth),
        }),
    }),
  ],
  routes: {
    root: rootRouteRef,
    promise: promiseRouteRef,
    clusters: clustersRouteRef,
    cluster: clusterRouteRef,
    admin: adminRouteRef,
  },
  // Bind in the app: `bind(kratixPlugin.externalRoutes, { scaffolderTemplate:
  // scaffolderPlugin.routes.selectedTemplate })`. Unbound, Promise pages show no Request button.
  externalRoutes: { scaffolderTemplate: scaffolderTemplateRouteRef },
});

/** The Kratix page: Promises and clusters. @public */
export const KratixPage: () => JSX.Element = kratixPlugin.provide(
  createRoutableExtension({
    name: 'KratixPage',
    component: () => import('./components/KratixPage').then(m => m.KratixPage),
    mountPoint: rootRouteRef,
  }),
);

/** Scaffolder field: one of the configured Kratix platforms. @public */
export const KratixPlatformPickerFieldExtension = kratixPlugin.provide(
  createScaffolderFieldExtension({
    name: 'KratixPlatformPicker',
    component: KratixPlatformPicker,
  }),
);

/** Scaffolder field: a namespace on the platform (suggested, or any valid name). @public */
export const KratixNamespacePickerFieldExtension = kratixPlugin.provide(
  createScaffolderFieldExtension({
    name: 'KratixNamespacePicker',
    component: KratixNamespacePicker,
    validation: validateKratixNamespace,
  }),
);

/** Scaffolder field: an existing request of a Promise (`namespace/name`). @public */
export const KratixRequestPickerFieldExtension = kratixPlugin.provide(
  createScaffolderFieldExtension({
    name: 'KratixRequestPicker',
    component: KratixRequestPicker,
  }),
);

/** Scaffolder field: a `key=value` label of a registered cluster. @public */
export const KratixClusterLabelPickerFieldExtension = kratixPlugin.provide(
  createScaffolderFieldExtension({
    name: 'KratixClusterLabelPicker',
    component: KratixClusterLabelPicker,
  }),
);

/**
 * Scaffolder field: for a platform that writes as the signed-in user, puts the user's cluster
 * token in the task's secrets (`kratixClusterToken`). `ui:options: { platform }`. @public
 */
export const KratixClusterCredentialsFieldExtension = kratixPlugin.provide(
  createScaffolderFieldExtension({
    name: 'KratixClusterCredentials',
    component: KratixClusterCredentials,
  }),
);

/**
 * Scaffolder field: a text or number input that says what is wrong while it is typed
 * (generated Templates use it for constrained fields). @public
 */
export const KratixTextFieldExtension = kratixPlugin.provide(
  createScaffolderFieldExtension({
    name: 'KratixTextField',
    component: KratixTextField,
    validation: validateKratixTextField,
  }),
);

/**
 * Scaffolder field: key/value rows (and YAML) for a free-form object; its value is an
 * object. @public
 */
export const KratixKeyValueFieldExtension = kratixPlugin.provide(
  createScaffolderFieldExtension({
    name: 'KratixKeyValueField',
    component: KratixKeyValueField,
    validation: validateKratixKeyValueField,
  }),
);

/**
 * Scaffolder field for a Template's last page: what Kratix's DryRun says the request the form
 * makes would change (or, where the platform has none, why not and the document it would
 * write). Generated Templates put it on their "Preview" page. @public
 */
export const KratixDryRunPreviewFieldExtension = kratixPlugin.provide(
  createScaffolderFieldExtension({
    name: 'KratixDryRunPreview',
    component: KratixDryRunPreview,
  }),
);

/**
 * The Kratix tab for catalog entity pages: a request's overview (phase, pipelines, health,
 * outputs, where it landed, manage actions) or a Promise's page. Show it for entities that
 * pass `isKratixEntity`.
 * @public
 */
export const EntityKratixContent: () => JSX.Element = kratixPlugin.provide(
  createComponentExtension({
    name: 'EntityKratixContent',
    component: {
      lazy: () =>
        import('./components/EntityKratixContent').then(
          m => m.EntityKratixContent,
        ),
    },
  }),
);
