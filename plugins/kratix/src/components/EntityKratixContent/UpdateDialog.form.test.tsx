import { alertApiRef } from '@backstage/core-plugin-api';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { validateRequestSpec } from '@kratix-backstage/plugin-kratix-common';
import { kratixApiRef } from '../../api/KratixApi';
import { fakeKratixApi } from '../../__testUtils__/fakeKratixApi';
import { UpdateDialog } from './UpdateDialog';

// Kubernetes' DNS-1123 label, as Promise APIs often constrain names with it.
const DNS_LABEL = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';

/** A Promise API with one of each kind of property the form must render. */
const specSchema = {
  type: 'object',
  required: ['env', 'appName'],
  properties: {
    env: {
      type: 'string',
      title: 'Environment',
      description: 'Where the app runs',
      enum: ['dev', 'staging', 'prod'],
    },
    appName: { type: 'string', pattern: DNS_LABEL, maxLength: 20 },
    replicaCount: { type: 'integer', minimum: 0, maximum: 10, default: 1 },
    tier: { type: 'string', default: 'small' },
    values: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
    databases: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name'],
        properties: { name: { type: 'string' }, sizeGb: { type: 'integer' } },
      },
    },
    port: { 'x-kubernetes-int-or-string': true },
  },
};

const promise = {
  apiVersion: 'platform.kratix.io/v1alpha1',
  kind: 'Promise',
  metadata: { name: 'app' },
  spec: {
    api: {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'apps.example.com' },
      spec: {
        group: 'example.com',
        names: { kind: 'App', plural: 'apps' },
        scope: 'Namespaced',
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: {
              openAPIV3Schema: {
                type: 'object',
                properties: { spec: specSchema },
              },
            },
          },
        ],
      },
    },
  },
};

const current = {
  env: 'dev',
  appName: 'shop',
  replicaCount: 2,
  values: { image: { tag: 'v1' } },
  databases: [{ name: 'main', sizeGb: 5 }],
  port: 8080,
};

const detail: any = {
  platform: 'easyeaty',
  promise: 'app',
  namespace: 'team-checkout',
  name: 'shop',
  request: { spec: current },
};

const dryRunOf = jest.fn(async (_ref: unknown, update: any) => ({
  action: 'updated' as const,
  document: `spec: ${JSON.stringify(update.spec)}\n`,
  dryRun: !!update.dryRun,
  path: 'requests/app/team-checkout/shop.yaml',
}));

async function renderDialog(thePromise: unknown = promise) {
  dryRunOf.mockClear();
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [
          kratixApiRef,
          fakeKratixApi({
            getPromise: async () => ({ promise: thePromise } as any),
            updateRequest: dryRunOf,
          }),
        ],
        [alertApiRef, { post: jest.fn(), alert$: jest.fn() } as any],
      ]}
    >
      <UpdateDialog
        detail={detail}
        open
        onClose={jest.fn()}
        onUpdated={jest.fn()}
      />
    </TestApiProvider>,
  );
  await waitFor(() =>
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument(),
  );
}

const button = (name: string) =>
  screen.getByRole('button', { name: new RegExp(`^${name}$`, 'i') });
const replicas = () =>
  screen.getByRole('spinbutton', {
    name: /^Replica count/,
  }) as HTMLInputElement;
const appName = () =>
  screen.getByRole('textbox', { name: /^App name/ }) as HTMLInputElement;
const valuesYaml = () =>
  screen.getByLabelText('Values (YAML)', {
    selector: 'textarea',
  }) as HTMLTextAreaElement;
const yamlSwitch = () => screen.getByRole('checkbox', { name: 'Edit as YAML' });
const yamlText = () =>
  screen.getByLabelText('Spec (YAML)', {
    selector: 'textarea',
  }) as HTMLTextAreaElement;

/** Clicks Preview and returns the spec the dry run was asked about. */
async function previewedSpec() {
  fireEvent.click(button('Preview'));
  await waitFor(() => expect(dryRunOf).toHaveBeenCalled());
  const [, update] = dryRunOf.mock.calls[dryRunOf.mock.calls.length - 1];
  expect(update.dryRun).toBe(true);
  return update.spec;
}

describe('UpdateDialog form', () => {
  it('opens on a form of the Promise API, pre-filled with the current spec, labelled in words', async () => {
    await renderDialog();
    expect(yamlSwitch()).not.toBeChecked();
    expect(
      screen.getByRole('button', { name: /^Environment/ }),
    ).toHaveTextContent('dev');
    expect(screen.getByText('Where the app runs')).toBeInTheDocument();
    // The property name in words, with the API's bounds and required mark.
    expect(appName().value).toBe('shop');
    expect(appName()).toBeRequired();
    expect(replicas().value).toBe('2');
    expect(replicas()).toHaveAttribute('min', '0');
    expect(replicas()).toHaveAttribute('max', '10');
    // Defaults are shown, not written into the spec.
    expect(screen.getByText('Default: small.')).toBeInTheDocument();
    expect(
      (screen.getByRole('textbox', { name: /^Tier/ }) as HTMLInputElement)
        .value,
    ).toBe('');
    // An array of objects: each item's fields.
    expect(
      (screen.getByRole('textbox', { name: /^Name/ }) as HTMLInputElement)
        .value,
    ).toBe('main');
    expect(
      (screen.getByRole('textbox', { name: /^Port/ }) as HTMLInputElement)
        .value,
    ).toBe('8080');
    // Opening the form changes nothing: Preview sends the current spec as it was.
    expect(await previewedSpec()).toEqual(current);
    expect(
      await screen.findByText('No change: the spec is as it was.'),
    ).toBeInTheDocument();
  });

  it('previews the spec as edited in the form', async () => {
    await renderDialog();
    fireEvent.change(replicas(), { target: { value: '3' } });
    fireEvent.change(screen.getByRole('textbox', { name: /^Port/ }), {
      target: { value: '50%' },
    });
    expect(await previewedSpec()).toEqual({
      ...current,
      replicaCount: 3,
      port: '50%',
    });
    const table = await screen.findByRole('table', {
      name: 'Changes to the spec',
    });
    expect(
      within(table)
        .getAllByRole('row')
        .map(r => r.textContent),
    ).toEqual([
      'PropertyCurrentNew',
      'spec.port (changed)8080"50%"',
      'spec.replicaCount (changed)23',
    ]);
  });

  it('offers an enum as a select of its values', async () => {
    await renderDialog();
    fireEvent.mouseDown(screen.getByRole('button', { name: /^Environment/ }));
    const options = within(await screen.findByRole('listbox')).getAllByRole(
      'option',
    );
    // The first is rjsf's "no value" choice, which the required check then refuses.
    expect(options.map(o => o.textContent)).toEqual([
      '',
      'dev',
      'staging',
      'prod',
    ]);
    fireEvent.click(options[3]);
    await waitFor(() =>
      expect(
        screen.getByRole('button', { name: /^Environment/ }),
      ).toHaveTextContent('prod'),
    );
    expect((await previewedSpec()).env).toBe('prod');
  });

  it('refuses an invalid value on its field, in words, never as a regular expression', async () => {
    await renderDialog();
    fireEvent.change(appName(), { target: { value: 'Shop_1' } });
    fireEvent.change(replicas(), { target: { value: '12' } });
    expect(
      await screen.findByText('Must be at most 10 (got 12)'),
    ).toBeInTheDocument();
    const words =
      'Must be lower-case letters, digits and \'-\'; starts and ends with a letter or digit (got "Shop_1")';
    expect(screen.getByText(words)).toBeInTheDocument();
    expect(button('Preview')).toBeDisabled();
    // The suite's validator names the pattern itself; the dialog must not show it.
    const raw = validateRequestSpec(promise as any, {
      ...current,
      appName: 'Shop_1',
    }).errors.map(e => e.message);
    expect(raw.join('\n')).toContain(DNS_LABEL);
    expect(screen.getByRole('dialog')).not.toHaveTextContent(DNS_LABEL);
    // Still in words in the YAML view.
    fireEvent.click(yamlSwitch());
    expect(
      screen.getByText(
        'spec.appName must be lower-case letters, digits and \'-\'; starts and ends with a letter or digit (got "Shop_1")',
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('dialog')).not.toHaveTextContent(DNS_LABEL);
  });

  it('round-trips the spec through "Edit as YAML"', async () => {
    await renderDialog();
    fireEvent.change(replicas(), { target: { value: '4' } });
    fireEvent.click(yamlSwitch());
    expect(yamlSwitch()).toBeChecked();
    expect(yamlText().value).toContain('replicaCount: 4\n');
    expect(yamlText().value).toContain('values:\n  image:\n    tag: v1\n');

    fireEvent.change(yamlText(), {
      target: {
        value: yamlText()
          .value.replace('replicaCount: 4', 'replicaCount: 5')
          .replace('env: dev', 'env: staging'),
      },
    });
    fireEvent.click(yamlSwitch());
    expect(yamlSwitch()).not.toBeChecked();
    expect(replicas().value).toBe('5');
    expect(
      screen.getByRole('button', { name: /^Environment/ }),
    ).toHaveTextContent('staging');
    expect(await previewedSpec()).toEqual({
      ...current,
      env: 'staging',
      replicaCount: 5,
    });
  });

  it('keeps YAML that cannot be read in the YAML view, saying why', async () => {
    await renderDialog();
    fireEvent.click(yamlSwitch());
    fireEvent.change(yamlText(), { target: { value: 'env: [dev' } });
    fireEvent.click(yamlSwitch());
    expect(yamlSwitch()).toBeChecked();
    expect(
      screen.getByText(
        /^The YAML cannot be shown in the form until it is fixed: Not valid YAML/,
      ),
    ).toBeInTheDocument();
    expect(button('Preview')).toBeDisabled();
  });

  it('edits a free-form object property as YAML', async () => {
    await renderDialog();
    expect(valuesYaml().value).toBe('image:\n  tag: v1\n');
    fireEvent.change(valuesYaml(), { target: { value: 'image: [v1' } });
    expect(await screen.findByText(/^Not valid YAML/)).toBeInTheDocument();
    expect(button('Preview')).toBeDisabled();
    fireEvent.change(valuesYaml(), {
      target: { value: 'image:\n  tag: v2\nfeatures:\n  - search\n' },
    });
    await waitFor(() => expect(button('Preview')).toBeEnabled());
    expect((await previewedSpec()).values).toEqual({
      image: { tag: 'v2' },
      features: ['search'],
    });
  });

  it('edits the spec as YAML where the Promise declares no spec fields', async () => {
    const version = promise.spec.api.spec.versions[0];
    const anyKeys = {
      type: 'object',
      properties: {
        spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      },
    };
    await renderDialog({
      ...promise,
      spec: {
        api: {
          ...promise.spec.api,
          spec: {
            ...promise.spec.api.spec,
            versions: [{ ...version, schema: { openAPIV3Schema: anyKeys } }],
          },
        },
      },
    });
    expect(
      screen.queryByRole('checkbox', { name: 'Edit as YAML' }),
    ).not.toBeInTheDocument();
    expect(yamlText().value).toContain('appName: shop\n');
    fireEvent.change(yamlText(), {
      target: { value: 'env: dev\nappName: shop\nreplicaCount: 7\n' },
    });
    expect(await previewedSpec()).toEqual({
      env: 'dev',
      appName: 'shop',
      replicaCount: 7,
    });
  });
});
