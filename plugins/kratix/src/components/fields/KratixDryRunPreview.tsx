import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import Typography from '@material-ui/core/Typography';
import {
  formRequestOf,
  KratixDryRunPreviewOptions,
} from '@kratix-backstage/plugin-kratix-common';
import { DryRunPreviewCard } from '../DryRun';

/**
 * Scaffolder field for a Template's last page: what Kratix's DryRun says the request the form
 * makes would change. It holds no value; it reads the whole form's data, which the
 * scaffolder's stepper passes to every field as `formContext.formData`, and maps it to the
 * request as the Template's request step does (`ui:options`, see KratixDryRunPreviewOptions).
 * @public
 */
export function KratixDryRunPreview(
  props: FieldExtensionComponentProps<
    string,
    Partial<KratixDryRunPreviewOptions>
  >,
) {
  const options = props.uiSchema?.['ui:options'] ?? {};
  const formData = (props.formContext?.formData ?? {}) as Record<
    string,
    unknown
  >;
  if (!options.platform || !options.promise)
    return (
      <Typography color="error">
        This preview field needs ui:options platform and promise.
      </Typography>
    );
  const request = formRequestOf(formData, {
    ...options,
    platform: options.platform,
    promise: options.promise,
  });
  if (!request.name || !request.namespace)
    return (
      <Typography variant="body2">
        Give the request a name and a namespace to preview it.
      </Typography>
    );
  return (
    <DryRunPreviewCard
      platform={options.platform}
      promise={options.promise}
      namespace={request.namespace}
      name={request.name}
      spec={request.spec}
      fallbackDocument={request.document}
    />
  );
}
