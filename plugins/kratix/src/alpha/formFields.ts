import {
  createFormField,
  FormFieldBlueprint,
} from '@backstage/plugin-scaffolder-react/alpha';

/** The Kratix scaffolder fields, for the new frontend system. @alpha */
export const kratixFormFields = [
  FormFieldBlueprint.make({
    name: 'platform-picker',
    params: {
      field: () =>
        import('../components/fields').then(m =>
          createFormField({
            name: 'KratixPlatformPicker',
            component: m.KratixPlatformPicker,
          }),
        ),
    },
  }),
  FormFieldBlueprint.make({
    name: 'namespace-picker',
    params: {
      field: () =>
        import('../components/fields').then(m =>
          createFormField({
            name: 'KratixNamespacePicker',
            component: m.KratixNamespacePicker,
            validation: m.validateKratixNamespace,
          }),
        ),
    },
  }),
  FormFieldBlueprint.make({
    name: 'request-picker',
    params: {
      field: () =>
        import('../components/fields').then(m =>
          createFormField({
            name: 'KratixRequestPicker',
            component: m.KratixRequestPicker,
          }),
        ),
    },
  }),
  FormFieldBlueprint.make({
    name: 'cluster-label-picker',
    params: {
      field: () =>
        import('../components/fields').then(m =>
          createFormField({
            name: 'KratixClusterLabelPicker',
            component: m.KratixClusterLabelPicker,
          }),
        ),
    },
  }),
  FormFieldBlueprint.make({
    name: 'cluster-credentials',
    params: {
      field: () =>
        import('../components/fields').then(m =>
          createFormField({
            name: 'KratixClusterCredentials',
            component: m.KratixClusterCredentials,
          }),
        ),
    },
  }),
  FormFieldBlueprint.make({
    name: 'text-field',
    params: {
      field: () =>
        import('../components/fields').then(m =>
          createFormField({
            name: 'KratixTextField',
            component: m.KratixTextField,
            validation: m.validateKratixTextField,
          }),
        ),
    },
  }),
  FormFieldBlueprint.make({
    name: 'key-value-field',
    params: {
      field: () =>
        import('../components/fields').then(m =>
          createFormField({
            name: 'KratixKeyValueField',
            component: m.KratixKeyValueField,
            validation: m.validateKratixKeyValueField,
          }),
        ),
    },
  }),
  FormFieldBlueprint.make({
    name: 'dry-run-preview',
    params: {
      field: () =>
        import('../components/fields').then(m =>
          createFormField({
            name: 'KratixDryRunPreview',
            component: m.KratixDryRunPreview,
          }),
        ),
    },
  }),
];
