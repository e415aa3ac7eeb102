import { Config } from '@backstage/config';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import { RepositoryConfig } from '../config/readKratixConfig';
import { GithubPullRequests } from './GithubPullRequests';
import { GitRequestWriter } from './GitRequestWriter';
import { LocalGitRepository } from './LocalGitRepository';

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

/**
 * Builds the repository and request writer a platform's config describes. Credentials for a
 * remote come from Backstage's SCM integrations and are handed to git per call through its
 * environment as a header: never on a command line, stored in the clone, or logged, and
 * scrubbed from every error the repository lets out.
 * @public
 */
export function createRequestWriter(
  repository: RepositoryConfig,
  rootConfig: Config,
): GitRequestWriter {
  const integrations = ScmIntegrations.fromConfig(rootConfig);
  const url = repository.url;
  // Every token handed out (a GitHub App's rotate), so an error mentioning an older one is scrubbed too.
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
  const local = new LocalGitRepository(
    repository.path,
    url
      ? {
          url,
          branch: repository.branch,
          authConfig: async () => {
            const t = await token();
            if (!t) return [];
            const basic = Buffer.from(`x-access-token:${t}`).toString('base64');
            return [
              {
                key: 'http.extraHeader',
                value: `Authorization: Basic ${basic}`,
              },
            ];
          },
          secrets: () => [...handedOut],
        }
      : undefined,
  );
  let pullRequests: GithubPullRequests | undefined;
  if (repository.pullRequests && url) {
    const parsed = GithubPullRequests.parseRepoUrl(url);
    const github = integrations.github.byUrl(url);
    if (!parsed || !github)
      throw new Error(`Pull requests need a GitHub integration for ${url}`);
    pullRequests = new GithubPullRequests({
      apiBaseUrl: github.config.apiBaseUrl ?? 'https://api.github.com',
      owner: parsed.owner,
      repo: parsed.repo,
      token: async () => (await token()) ?? undefined,
    });
  }
  return new GitRequestWriter(local, repository.requestsPath, pullRequests);
}
