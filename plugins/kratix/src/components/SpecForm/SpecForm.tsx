import { useMemo } from 'react';
import { ValidationError } from '@kratix-backstage/plugin-kratix-common';
import { withTheme } from '@rjsf/core';
import { Theme } from '@rjsf/material-ui';
import validator from '@rjsf/validator-ajv8';
import type { RegistryFieldsType } from '@rjsf/utils';
import { placeErrors } from './specFormErrors';
import { SPEC_FORM_FIELDS, SpecFormSchema } from './specFormSchema';
import { LooseValueField, YamlObjectField } from './specFormFields';

const MuiForm = withTheme(Theme);

const fields: RegistryFieldsType = {
  [SPEC_FORM_FIELDS.yamlObject]: YamlObjectField,
  [SPEC_FORM_FIELDS.looseValue]: LooseValueField,
};

/** The spec form's own buttons: none, the dialog has Preview and Apply. */
const NO_SUBMIT = { 'ui:submitButtonOptions': { norender: true } };

/**
 * A request's spec as a form generated from its Promise's API (Material UI, as the
 * scaffolder renders a Template). The form never validates on its own: `errors` come from the
 * suite's check of the whole spec, and each shows on its field; those no field can show are
 * the caller's to list (`placeErrors(...).unplaced`).
 */
export function SpecForm(props: {
  form: SpecFormSchema;
  spec: Record<string, unknown>;
  errors: ValidationError[];
  disabled?: boolean;
  onChange(spec: Record<string, unknown>): void;
}) {
  const { form, spec, errors, disabled, onChange } = props;
  const uiSchema = useMemo(() => ({ ...form.uiSchema, ...NO_SUBMIT }), [form]);
  const extraErrors = useMemo(
    () => placeErrors(errors, form.uiSchema, form.schema).errorSchema,
    [errors, form],
  );
  return (
    <MuiForm
      schema={form.schema}
      uiSchema={uiSchema}
      formData={spec}
      fields={fields}
      validator={validator}
      extraErrors={extraErrors}
      showErrorList={false}
      noHtml5Validate
      disabled={disabled}
      // Opening the form must not change the spec: defaults are the API server's to apply
      // (they are in each field's description), and no empty objects or lists are added.
      experimental_defaultFormStateBehavior={{
        emptyObjectFields: 'skipDefaults',
        arrayMinItems: { populate: 'never' },
      }}
      onChange={event =>
        onChange((event.formData ?? {}) as Record<string, unknown>)
      }
    />
  );
}
