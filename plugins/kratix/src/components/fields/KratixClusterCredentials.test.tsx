import {
  createApiRef,
  googleAuthApiRef,
  gitlabAuthApiRef,
} from '@backstage/core-plugin-api';
import {
  SecretsContextProvider,
  useTemplateSecrets,
} from '@backstage/plugin-scaffolder-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { act, screen, waitFor } from '@testing-library/react';
import { kratixApiRef } from '../../api/KratixApi';
import { fakeKratixApi } from '../../__testUtils__/fakeKratixApi';
import { KratixClusterCredentials } from './KratixClusterCredentials';

const platforms = {
  getPlatforms: async () => [
    {
      name: 'easyeaty',
      title: 'EasyEaty',
      mode: 'gitops' as const,
      health: { connected: true },
    },
    {
      name: 'rbac',
      title: 'RBAC cluster',
      mode: 'kubernetes' as const,
      health: { connected: true },
      actAsUser: { authProvider: 'google' },
    },
    {
      name: 'lab',
      title: 'Lab',
      mode: 'kubernetes' as const,
      health: { connected: true },
      actAsUser: { authProvider: 'oidc' },
    },
    {
      name: 'code',
      title: 'Code',
      mode: 'kubernetes' as const,
      health: { connected: true },
      actAsUser: { authProvider: 'gitlab' },
    },
  ],
};

/** Shows the task secrets the form would send. */
function Secrets() {
  const { secrets } = useTemplateSecrets();
  return <pre data-testid="secrets">{JSON.stringify(secrets)}</pre>;
}

const props = (platform: string, onChange: jest.Mock) =>
  ({
    onChange,
    schema: { title: 'Cluster credentials', type: 'string' },
    uiSchema: { 'ui:options': { platform } },
    rawErrors: [],
    required: false,
    formData: undefined,
    idSchema: { $id: 'clusterCredentials' },
  } as any);

async function render(platform: string, apis: Array<readonly [any, any]>) {
  const onChange = jest.fn();
  await renderInTestApp(
    <TestApiProvider
      apis={[[kratixApiRef, fakeKratixApi(platforms)], ...apis] as any}
    >
      <SecretsContextProvider>
        <KratixClusterCredentials {...props(platform, onChange)} />
        <Secrets />
      </SecretsContextProvider>
    </TestApiProvider>,
  );
  return { onChange };
}

const secrets = () => JSON.parse(screen.getByTestId('secrets').textContent!);

describe('KratixClusterCredentials', () => {
  it("puts the user's ID token in the task secrets for a platform that writes as the user", async () => {
    const google = {
      getIdToken: jest.fn(async () => 'alice-google-id-token'),
      getAccessToken: jest.fn(),
    };
    const { onChange } = await render('rbac', [[googleAuthApiRef, google]]);
    expect(
      await screen.findByText(
        'Requests are written to RBAC cluster as you (google)',
      ),
    ).toBeInTheDocument();
    expect(secrets()).toEqual({ kratixClusterToken: 'alice-google-id-token' });
    expect(google.getAccessToken).not.toHaveBeenCalled();
    // The token is a secret, not a form value.
    expect(onChange).not.toHaveBeenCalled();
  });

  it('uses the access token of a provider that is not an OpenID one', async () => {
    await render('code', [
      [gitlabAuthApiRef, { getAccessToken: async () => 'glpat-access' }],
    ]);
    expect(
      await screen.findByText('Requests are written to Code as you (gitlab)'),
    ).toBeInTheDocument();
    expect(secrets()).toEqual({ kratixClusterToken: 'glpat-access' });
  });

  it("finds the app's own oidc auth API by its id", async () => {
    const oidcRef = createApiRef<{ getIdToken(): Promise<string> }>({
      id: 'core.auth.oidc',
    });
    await render('lab', [
      [oidcRef, { getIdToken: async () => 'oidc-id-token' }],
    ]);
    expect(
      await screen.findByText('Requests are written to Lab as you (oidc)'),
    ).toBeInTheDocument();
    expect(secrets()).toEqual({ kratixClusterToken: 'oidc-id-token' });
  });

  it('says why when the app has no oidc auth API, and sets no secret', async () => {
    await render('lab', []);
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Requests to Lab are written as you, but your oidc token could not be had: the "oidc" auth provider needs an auth API with id core.auth.oidc',
    );
    expect(secrets()).toEqual({});
  });

  it('says why when the user cannot sign in', async () => {
    await render('rbac', [
      [
        googleAuthApiRef,
        {
          getIdToken: async () =>
            Promise.reject(new Error('Login failed, rejected by user')),
        },
      ],
    ]);
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'your google token could not be had: Login failed, rejected by user',
    );
    expect(secrets()).toEqual({});
  });

  it('renders nothing and sets nothing for a platform that writes as the backend', async () => {
    const google = { getIdToken: jest.fn(async () => 'unused') };
    const getPlatforms = jest.spyOn(platforms, 'getPlatforms');
    await render('easyeaty', [[googleAuthApiRef, google]]);
    // Wait for what the field decides on, the platform list, and for React to apply it
    // (a fixed sleep let these checks pass before the list had loaded).
    await waitFor(() => expect(getPlatforms).toHaveBeenCalled());
    await act(async () => {
      await getPlatforms.mock.results[0].value;
      // Then let the promise chains hanging off it (the field's own) run to their end.
      await new Promise(resolve => setTimeout(resolve, 0));
    });
    getPlatforms.mockRestore();
    expect(screen.queryByText(/Requests are written/)).not.toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(google.getIdToken).not.toHaveBeenCalled();
    expect(secrets()).toEqual({});
  });
});
