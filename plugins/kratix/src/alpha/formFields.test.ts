import { createExtensionTester } from '@backstage/frontend-test-utils';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import { kratixFormFields } from './formFields';

describe('kratixFormFields (new frontend system)', () => {
  it('registers every Kratix field under the name generated Templates use, checks included', async () => {
    const fields: Array<{ name: string; validation?: unknown }> =
      await Promise.all(
        kratixFormFields.map(extension => {
          const load = createExtensionTester(extension as any).get(
            FormFieldBlueprint.dataRefs.formFieldLoader as any,
          ) as () => Promise<any>;
          return load();
        }),
      );
    const byName = Object.fromEntries(fields.map(field => [field.name, field]));
    expect(Object.keys(byName).sort()).toEqual([
      'KratixClusterCredentials',
      'KratixClusterLabelPicker',
      'KratixDryRunPreview',
      'KratixKeyValueField',
      'KratixNamespacePicker',
      'KratixPlatformPicker',
      'KratixRequestPicker',
      'KratixTextField',
    ]);
    expect(byName.KratixTextField.validation).toEqual(expect.any(Function));
    expect(byName.KratixKeyValueField.validation).toEqual(expect.any(Function));
  });
});
