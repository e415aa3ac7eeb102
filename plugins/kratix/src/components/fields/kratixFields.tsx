import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { FieldValidation } from '@rjsf/utils';
import { KratixAutocomplete } from './KratixAutocomplete';

const DNS1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** ui:options of the Kratix fields. @public */
export interface KratixFieldOptions {
  /** The platform to read; the first platform when absent. */
  platform?: string;
  /** For KratixRequestPicker: whose requests to offer. */
  promise?: string;
}

/** Picks one of the configured Kratix platforms. @public */
export function KratixPlatformPicker(
  props: FieldExtensionComponentProps<string, KratixFieldOptions>,
) {
  return (
    <KratixAutocomplete
      {...props}
      load={async api => (await api.getPlatforms()).map(p => p.name)}
    />
  );
}

/** Picks a namespace: those that already hold requests are suggested, any valid name is accepted. @public */
export function KratixNamespacePicker(
  props: FieldExtensionComponentProps<string, KratixFieldOptions>,
) {
  return (
    <KratixAutocomplete
      {...props}
      freeSolo
      load={async (api, ui) => {
        const page = await api.getRequests({
          platform: ui.platform,
          pageSize: 500,
        });
        return [...new Set(page.items.map(r => r.namespace))].sort();
      }}
    />
  );
}

/** Checks a namespace against Kubernetes' DNS-1123 label rule. @public */
export function validateKratixNamespace(
  value: string | undefined,
  validation: FieldValidation,
) {
  if (value && (value.length > 63 || !DNS1123.test(value))) {
    validation.addError(
      `"${value}" is not a namespace name: lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters`,
    );
  }
}

/** Picks an existing request of a Promise, as `namespace/name` (for composite inputs). @public */
export function KratixRequestPicker(
  props: FieldExtensionComponentProps<string, KratixFieldOptions>,
) {
  return (
    <KratixAutocomplete
      {...props}
      load={async (api, ui) => {
        const page = await api.getRequests({
          platform: ui.platform,
          promise: ui.promise,
          pageSize: 500,
        });
        return page.items.map(r => `${r.namespace}/${r.name}`);
      }}
    />
  );
}

/** Picks a cluster label `key=value` from the labels of registered clusters. @public */
export function KratixClusterLabelPicker(
  props: FieldExtensionComponentProps<string, KratixFieldOptions>,
) {
  return (
    <KratixAutocomplete
      {...props}
      load={async (api, ui) => {
        const { items } = await api.getDestinations({ platform: ui.platform });
        return [
          ...new Set(
            items.flatMap(d =>
              Object.entries(d.labels).map(([k, v]) => `${k}=${v}`),
            ),
          ),
        ].sort();
      }}
    />
  );
}
