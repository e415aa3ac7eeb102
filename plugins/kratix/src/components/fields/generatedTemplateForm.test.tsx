import { Stepper } from '@backstage/plugin-scaffolder-react/alpha';
import {
  generateTemplate,
  KratixPromise,
} from '@kratix-backstage/plugin-kratix-common';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { kratixApiRef } from '../../api/KratixApi';
import { fakeKratixApi } from '../../__testUtils__/fakeKratixApi';
import {
  KratixKeyValueField,
  validateKratixKeyValueField,
} from './KratixKeyValueField';
import { KratixNamespacePicker, validateKratixNamespace } from './kratixFields';
import { KratixDryRunPreview } from './KratixDryRunPreview';
import { KratixTextField, validateKratixTextField } from './KratixTextField';

/** A Promise like the seed's web-app: a required image, bounded replicas, an enum with a default, free-form env. */
const promise: KratixPromise = {
  apiVersion: 'platform.kratix.io/v1alpha1',
  kind: 'Promise',
  metadata: { name: 'web-app' },
  spec: {
    api: {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'webapps.platform.easyeaty.io' },
      spec: {
        group: 'platform.easyeaty.io',
        names: { kind: 'WebApp', plural: 'webapps', singular: 'webapp' },
        scope: 'Namespaced',
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: {
              openAPIV3Schema: {
                type: 'object',
                properties: {
                  spec: {
                    type: 'object',
                    required: ['image'],
                    properties: {
                      image: { type: 'string' },
                      replicas: { type: 'integer', minimum: 1, maximum: 10 },
                      size: {
                        type: 'string',
                        enum: ['small', 'medium', 'large'],
                        default: 'medium',
                      },
                      env: {
                        type: 'object',
                        description: 'Environment variables of the app.',
                        'x-kubernetes-preserve-unknown-fields': true,
                      },
                    },
                  },
                },
              },
            },
          },
        ],
      },
    },
  },
} as any;

/** The scaffolder's manifest of a generated Template, as the create page builds it. */
const manifestOf = (p: KratixPromise) => {
  const template = generateTemplate('easyeaty', p, {
    owner: 'group:default/platform-team',
  })!;
  return {
    title: template.metadata.title!,
    steps: (template.spec as any).parameters.map((page: any) => ({
      title: page.title,
      description: page.description,
      schema: page,
    })),
  };
};
const manifest = manifestOf(promise);

/** A Promise whose `teamId` has a pattern the suite has no words for. */
const TEAM_CODE = '^T[0-9]{4}$';
const teamPromise: KratixPromise = {
  ...promise,
  metadata: { name: 'team-space' },
  spec: {
    api: {
      ...promise.spec.api,
      spec: {
        ...promise.spec.api!.spec,
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: {
              openAPIV3Schema: {
                type: 'object',
                properties: {
                  spec: {
                    type: 'object',
                    required: ['teamId'],
                    properties: {
                      teamId: {
                        type: 'string',
                        description: 'Code of the team in the HR system.',
                        pattern: TEAM_CODE,
                      },
                    },
                  },
                },
              },
            },
          },
        ],
      },
    },
  },
} as any;

// The fields as the app registers them; the catalog's OwnerPicker is not under test here.
const extensions = [
  {
    name: 'KratixTextField',
    component: KratixTextField,
    validation: validateKratixTextField,
  },
  {
    name: 'KratixKeyValueField',
    component: KratixKeyValueField,
    validation: validateKratixKeyValueField,
  },
  {
    name: 'KratixNamespacePicker',
    component: KratixNamespacePicker,
    validation: validateKratixNamespace,
  },
  { name: 'KratixDryRunPreview', component: KratixDryRunPreview },
  { name: 'OwnerPicker', component: () => null },
] as any[];

describe('a generated template in the scaffolder form', () => {
  beforeAll(() => {
    // The stepper scrolls to the top of each page; jsdom has no scrolling.
    window.scrollTo = jest.fn();
  });

  it('checks while typing, starts the enum on its default, previews the request, and hands on env as an object', async () => {
    const onCreate = jest.fn(async () => undefined);
    const startDryRun = jest.fn(async () => ({
      supported: false as const,
      reason: 'Platform easyeaty writes to git (gitops mode)',
    }));
    await renderInTestApp(
      <TestApiProvider apis={[[kratixApiRef, fakeKratixApi({ startDryRun })]]}>
        <Stepper
          manifest={manifest}
          extensions={extensions}
          onCreate={onCreate}
        />
      </TestApiProvider>,
    );

    // Page 1: the name is checked at the first keystroke, before Next.
    const name = await screen.findByLabelText(/^Name(?!space)/);
    fireEvent.change(name, { target: { value: 'Shop_1' } });
    expect(screen.getByRole('alert')).toHaveTextContent(
      "Must be lower-case letters, digits and '-'; starts and ends with a letter or digit",
    );
    fireEvent.change(name, { target: { value: 'shop' } });
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));

    // Page 2: the enum shows its default selected.
    const size = await screen.findByRole('button', { name: /Size/ });
    expect(size).toHaveTextContent('medium');
    fireEvent.change(screen.getByLabelText(/^Image/), {
      target: { value: 'nginx:1.27' },
    });
    const replicas = screen.getByLabelText(/^Replicas/);
    fireEvent.change(replicas, { target: { value: '11' } });
    expect(screen.getByRole('alert')).toHaveTextContent('Must be at most 10');
    // Next refuses it in the same words (the schema's errorMessage).
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    // The form's list at the top names the field; the live message is not repeated.
    expect(
      await screen.findByText("'Replicas' Must be at most 10"),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /Size/ })).toBeInTheDocument();
    fireEvent.change(replicas, { target: { value: '3' } });
    expect(
      screen.getByText('Environment variables of the app.'),
    ).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText('Key'), {
      target: { value: 'LOG_LEVEL' },
    });
    fireEvent.change(screen.getByLabelText('Value'), {
      target: { value: 'debug' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));

    // The last page: a DryRun of the request the form makes, from the whole form's data.
    fireEvent.click(
      await screen.findByRole('button', {
        name: "Preview with Kratix's DryRun",
      }),
    );
    await waitFor(() => expect(startDryRun).toHaveBeenCalled());
    expect(startDryRun).toHaveBeenCalledWith(
      {
        platform: 'easyeaty',
        promise: 'web-app',
        namespace: 'default',
        name: 'shop',
      },
      {
        image: 'nginx:1.27',
        replicas: 3,
        size: 'medium',
        env: { LOG_LEVEL: 'debug' },
      },
    );
    // No DryRun on this platform: the document the request step would write, as YAML.
    const info = await screen.findByRole('alert');
    expect(info).toHaveTextContent(
      "Kratix's DryRun is not available on this platform",
    );
    await waitFor(() =>
      expect(info).toHaveTextContent(
        'apiVersion: platform.easyeaty.io/v1 kind: WebApp metadata: name: shop namespace: default spec: image: nginx:1.27',
      ),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Review' }));

    // Review, then create: env is an object, size its default.
    fireEvent.click(await screen.findByRole('button', { name: 'Create' }));
    await waitFor(() => expect(onCreate).toHaveBeenCalled());
    expect(onCreate).toHaveBeenCalledWith(
      expect.objectContaining({
        objname: 'shop',
        objnamespace: 'default',
        image: 'nginx:1.27',
        replicas: 3,
        size: 'medium',
        env: { LOG_LEVEL: 'debug' },
      }),
    );
    expect(within(document.body).queryByRole('alert')).not.toBeInTheDocument();
  });

  it('labels a field in words and says what its pattern wants from its title and description, never the expression', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[kratixApiRef, fakeKratixApi()]]}>
        <Stepper
          manifest={manifestOf(teamPromise)}
          extensions={extensions}
          onCreate={jest.fn(async () => undefined)}
        />
      </TestApiProvider>,
    );
    fireEvent.change(await screen.findByLabelText(/^Name(?!space)/), {
      target: { value: 'ops' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));

    // The label is the property's name in words, marked required.
    const teamId = await screen.findByLabelText(/^Team id/);
    expect((teamId as HTMLInputElement).labels![0]).toHaveTextContent(
      /^Team id\s*\*$/,
    );
    expect(screen.queryByText(/teamId/)).not.toBeInTheDocument();
    expect(
      screen.getByText('Code of the team in the HR system.'),
    ).toBeInTheDocument();
    const wanted = 'Must be a valid Team id: Code of the team in the HR system';
    fireEvent.change(teamId, { target: { value: 'ops' } });
    expect(screen.getByRole('alert')).toHaveTextContent(wanted);
    expect(document.body).not.toHaveTextContent(TEAM_CODE);
    // Next refuses it in the same words, and the expression shows nowhere on the page.
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(await screen.findByText(`'Team id' ${wanted}`)).toBeInTheDocument();
    expect(document.body).not.toHaveTextContent(TEAM_CODE);
    expect(document.body).not.toHaveTextContent(/pattern/i);
    fireEvent.change(teamId, { target: { value: 'T1234' } });
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});
