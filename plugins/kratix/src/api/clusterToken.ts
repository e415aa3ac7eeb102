import {
  ApiHolder,
  ApiRef,
  createApiRef,
  gitlabAuthApiRef,
  googleAuthApiRef,
  microsoftAuthApiRef,
  OAuthApi,
  oktaAuthApiRef,
  oneloginAuthApiRef,
  OpenIdConnectApi,
} from '@backstage/core-plugin-api';

/** An auth API that can give a token the cluster accepts. */
type ClusterAuthApi = Partial<OpenIdConnectApi> & Partial<OAuthApi>;

/** Id of the app-registered OIDC auth API the `oidc` provider name stands for. */
const OIDC_AUTH_API_ID = 'core.auth.oidc';

/**
 * Backstage's built-in auth APIs, by the provider names `cluster.userAuthProvider` takes.
 * Every app (legacy and new frontend system) registers them by default.
 */
export const clusterAuthApiRefs = {
  google: googleAuthApiRef,
  microsoft: microsoftAuthApiRef,
  okta: oktaAuthApiRef,
  onelogin: oneloginAuthApiRef,
  gitlab: gitlabAuthApiRef,
} as const;

/** Built-in providers whose API is an OpenID Connect one: the cluster gets their ID token. */
const OPENID_PROVIDERS = new Set(['google', 'microsoft', 'okta', 'onelogin']);

const providerNames = [...Object.keys(clusterAuthApiRefs), 'oidc'].join(', ');

/**
 * An ApiHolder of the built-in auth APIs an API factory received as dependencies (factories
 * get no holder of their own); `oidc` is not among them.
 */
export function builtInAuthApis(apis: {
  [P in keyof typeof clusterAuthApiRefs]: unknown;
}): ApiHolder {
  const byId = new Map<string, unknown>(
    Object.entries(clusterAuthApiRefs).map(([name, ref]) => [
      ref.id,
      apis[name as keyof typeof clusterAuthApiRefs],
    ]),
  );
  return { get: <T>(ref: ApiRef<T>) => byId.get(ref.id) as T | undefined };
}

/**
 * The signed-in user's token for a platform cluster that writes as them, from the Backstage
 * auth provider the platform names: the OIDC ID token where the provider gives one (google,
 * microsoft, okta, onelogin, and an `oidc` API that does), its access token otherwise
 * (gitlab). May ask the user to sign in. Throws with the reason when no token can be had.
 */
export async function getClusterToken(
  apis: ApiHolder,
  provider: string,
): Promise<string> {
  let api: ClusterAuthApi | undefined;
  // The app's own OIDC API gives its ID token when it is an OpenID Connect one.
  let idToken: boolean;
  if (provider === 'oidc') {
    api = apis.get(createApiRef<ClusterAuthApi>({ id: OIDC_AUTH_API_ID }));
    if (!api) {
      throw new Error(
        `the "oidc" auth provider needs an auth API with id ${OIDC_AUTH_API_ID}, and none is available (register one in the app; see the Kratix plugin's README)`,
      );
    }
    idToken = typeof api.getIdToken === 'function';
  } else if (provider in clusterAuthApiRefs) {
    api = apis.get<ClusterAuthApi>(
      clusterAuthApiRefs[provider as keyof typeof clusterAuthApiRefs],
    );
    if (!api) throw new Error(`the app has no "${provider}" auth API`);
    idToken = OPENID_PROVIDERS.has(provider);
  } else {
    throw new Error(
      `"${provider}" is not an auth provider Kratix can get a cluster token from (use one of ${providerNames})`,
    );
  }
  if (typeof (idToken ? api.getIdToken : api.getAccessToken) !== 'function') {
    throw new Error(
      `the "${provider}" auth API gives no ${idToken ? 'ID' : 'access'} token`,
    );
  }
  const token = idToken ? await api.getIdToken!() : await api.getAccessToken!();
  if (!token) throw new Error(`signing in to "${provider}" gave no token`);
  return token;
}
