import { useApi } from '@backstage/core-plugin-api';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import FormControl from '@material-ui/core/FormControl';
import TextField from '@material-ui/core/TextField';
import Autocomplete from '@material-ui/lab/Autocomplete';
import useAsync from 'react-use/esm/useAsync';
import { KratixApi, kratixApiRef } from '../../api/KratixApi';

/** Options a Kratix field offers, loaded from the Kratix backend. */
export type OptionLoader<TUi> = (
  api: KratixApi,
  uiOptions: TUi,
) => Promise<string[]>;

/**
 * A scaffolder field that suggests values read from the platform and, where `freeSolo`,
 * accepts a new one (a namespace that has no requests yet, say).
 */
export function KratixAutocomplete<TUi>(
  props: FieldExtensionComponentProps<string, TUi> & {
    load: OptionLoader<TUi>;
    freeSolo?: boolean;
  },
) {
  const {
    onChange,
    schema,
    uiSchema,
    rawErrors,
    required,
    formData,
    idSchema,
    load,
    freeSolo,
  } = props;
  const api = useApi(kratixApiRef);
  const uiOptions = (uiSchema?.['ui:options'] ?? {}) as TUi;
  const {
    value: options,
    loading,
    error,
  } = useAsync(() => load(api, uiOptions), [api, JSON.stringify(uiOptions)]);
  return (
    <FormControl
      margin="normal"
      required={required}
      error={!!rawErrors?.length || !!error}
      fullWidth
    >
      <Autocomplete
        id={idSchema?.$id}
        freeSolo={freeSolo}
        loading={loading}
        options={options ?? []}
        value={formData ?? null}
        onChange={(_, value) => onChange((value as string | null) ?? undefined)}
        onInputChange={(_, value, reason) => {
          if (freeSolo && reason === 'input') onChange(value || undefined);
        }}
        renderInput={params => (
          <TextField
            {...params}
            label={schema.title}
            required={required}
            variant="outlined"
            helperText={
              error
                ? `Could not load suggestions: ${error.message}`
                : schema.description
            }
            error={!!rawErrors?.length || !!error}
          />
        )}
      />
    </FormControl>
  );
}
