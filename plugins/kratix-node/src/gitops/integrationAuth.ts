import { Config } from '@backstage/config';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import { GitRemoteOptions } from './LocalGitRepository';

/**
 * Whether a plain-http remote may be sent the integration's token: only when the
 * integration itself declares that http base URL (e.g. `integrations.gitlab[].baseUrl:
 * http://git.internal:8080`) and the remote lives under it. An operator who wrote an http
 * base URL has chosen that network; a token is never sent over http by default.
 */
function declaresHttpBase(
  integrationConfig: { baseUrl?: string } | undefined,
  url: string,
): boolean {
  const base = integrationConfig?.baseUrl;
  if (!base) return false;
  try {
    const [b, u] = [new URL(base), new URL(url)];
    const prefix = b.pathname.replace(/\/*$/, '/');
    return (
      b.protocol === 'http:' &&
      u.protocol === 'http:' &&
      b.origin === u.origin &&
      `${u.pathname}/`.startsWith(prefix)
    );
  } catch {
    return false;
  }
}

/** What a remote needs to authenticate: git config per call, and the secrets to scrub. */
export type IntegrationGitAuth = Required<
  Pick<GitRemoteOptions, 'authConfig' | 'secrets'>
> & {
  /** The token itself, for API calls beside git (pull requests); kept in `secrets` too. */
  token(): Promise<string | undefined>;
};

/**
 * The credentials Backstage's SCM `integrations` hold for a git remote, handed to git per
 * call as an `http.extraHeader` in its environment (see {@link LocalGitRepository.remoteGit}):
 * never on a command line, stored in a clone, or logged. A GitHub integration's token is
 * asked for on every call (a GitHub App's rotate); every token handed out is kept in
 * `secrets` so an error mentioning an older one is scrubbed too.
 */
export function integrationGitAuth(
  url: string | undefined,
  rootConfig: Config,
): IntegrationGitAuth {
  const integrations = ScmIntegrations.fromConfig(rootConfig);
  const handedOut = new Set<string>();
  const lookUpToken = async (): Promise<string | undefined> => {
    if (url?.startsWith('https://')) {
      const github = integrations.github.byUrl(url);
      if (github) {
        const { token: t } =
          await DefaultGithubCredentialsProvider.fromIntegrations(
            integrations,
          ).getCredentials({ url });
        return t;
      }
      const other = integrations.byUrl(url) as
        | { config?: { token?: string } }
        | undefined;
      return other?.config?.token;
    }
    if (url?.startsWith('http://')) {
      const other = integrations.byUrl(url) as
        | { config?: { token?: string; baseUrl?: string } }
        | undefined;
      return declaresHttpBase(other?.config, url)
        ? other?.config?.token
        : undefined;
    }
    return undefined;
  };
  const token = async (): Promise<string | undefined> => {
    const t = await lookUpToken();
    if (t) handedOut.add(t);
    return t;
  };
  return {
    token,
    authConfig: async () => {
      const t = await token();
      if (!t) return [];
      const basic = Buffer.from(`x-access-token:${t}`).toString('base64');
      return [
        { key: 'http.extraHeader', value: `Authorization: Basic ${basic}` },
      ];
    },
    secrets: () => [...handedOut],
  };
}
