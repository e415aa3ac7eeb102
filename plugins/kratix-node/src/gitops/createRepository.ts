import { Config } from '@backstage/config';
import { DefaultGithubCredentialsProvider, ScmIntegrations } from '@backstage/integration';
import { RepositoryConfig } from '../config/readKratixConfig';
import { GithubPullRequests } from './GithubPullRequests';
import { GitRequestWriter } from './GitRequestWriter';
import { LocalGitRepository } from './LocalGitRepository';

/**
 * Builds the repository and request writer a platform's config describes. Credentials for a
 * remote come from Backstage's SCM integrations and are passed to git per call as a header,
 * never stored in the clone or logged.
 * @public
 */
export function createRequestWriter(repository: RepositoryConfig, rootConfig: Config): GitRequestWriter {
  const integrations = ScmIntegrations.fromConfig(rootConfig);
  const url = repository.url;
  const token = async (): Promise<string | undefined> => {
    if (!url?.startsWith('https://')) return undefined;
    const github = integrations.github.byUrl(url);
    if (github) {
      const { token: t } = await DefaultGithubCredentialsProvider.fromIntegrations(integrations).getCredentials({ url });
      return t;
    }
    const other = integrations.byUrl(url) as { config?: { token?: string } } | undefined;
    return other?.config?.token;
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
            return [`http.extraHeader=Authorization: Basic ${basic}`];
          },
        }
      : undefined,
  );
  let pullRequests: GithubPullRequests | undefined;
  if (repository.pullRequests && url) {
    const parsed = GithubPullRequests.parseRepoUrl(url);
    const github = integrations.github.byUrl(url);
    if (!parsed || !github) throw new Error(`Pull requests need a GitHub integration for ${url}`);
    pullRequests = new GithubPullRequests({
      apiBaseUrl: github.config.apiBaseUrl ?? 'https://api.github.com',
      owner: parsed.owner,
      repo: parsed.repo,
      token: async () => (await token()) ?? undefined,
    });
  }
  return new GitRequestWriter(local, repository.requestsPath, pullRequests);
}
