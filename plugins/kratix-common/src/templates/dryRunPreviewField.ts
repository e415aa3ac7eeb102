import { stringify } from 'yaml';

/**
 * ui:options of the `KratixDryRunPreview` field: which request the form makes, and where its
 * parts are in the form's data. Generated Templates fill it in from the same mapping their
 * request step uses, so the preview is of the request the Create step sends.
 * @public
 */
export interface KratixDryRunPreviewOptions {
  platform: string;
  promise: string;
  /** The request's apiVersion and kind, for the document shown where there is no DryRun. */
  apiVersion?: string;
  kind?: string;
  /** The form keys of the request's name and namespace. Default `objname`, `objnamespace`. */
  nameField?: string;
  namespaceField?: string;
  /** Spec property → the form key that holds it (a property may be renamed in the form). */
  specFields?: Record<string, string>;
  /** The form key whose object is the whole spec (Promise APIs that take any fields). */
  specObjectField?: string;
}

/** The request a form's data makes, as `KratixDryRunPreview` previews it. @public */
export interface KratixFormRequest {
  /** Undefined until the form has them. */
  name?: string;
  namespace?: string;
  spec: Record<string, unknown>;
  /** The request document (YAML), when the options name its apiVersion and kind. */
  document?: string;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const text = (value: unknown) =>
  typeof value === 'string' && value ? value : undefined;

/**
 * Reads the request a form makes from the whole form's data: its name, namespace and spec,
 * the spec mapped back from the form keys as the generated request step maps them. Unset
 * fields are left out, as the written document leaves them out.
 * @public
 */
export function formRequestOf(
  formData: Record<string, unknown>,
  options: KratixDryRunPreviewOptions,
): KratixFormRequest {
  const name = text(formData[options.nameField ?? 'objname']);
  const namespace = text(formData[options.namespaceField ?? 'objnamespace']);
  const spec: Record<string, unknown> = {};
  if (options.specObjectField) {
    const whole = formData[options.specObjectField];
    if (isPlainObject(whole)) Object.assign(spec, whole);
  }
  for (const [property, formKey] of Object.entries(options.specFields ?? {})) {
    const value = formData[formKey];
    if (value !== undefined) spec[property] = value;
  }
  const document =
    options.apiVersion && options.kind
      ? stringify({
          apiVersion: options.apiVersion,
          kind: options.kind,
          metadata: { name, namespace },
          spec,
        })
      : undefined;
  return { name, namespace, spec, document };
}
