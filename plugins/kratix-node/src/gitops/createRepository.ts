import { Config } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { RepositoryConfig } from '../config/readKratixConfig';
import { GithubPullRequests } from './GithubPullRequests';
import { GitRequestWriter } from './GitRequestWriter';
import { integrationGitAuth } from './integrationAuth';
import { LocalGitRepository } from './LocalGitRepository';
import { assertNoCredentialsInRemoteUrl } from './remoteUrl';

/**
 * Builds the repository and request writer a platform's config describes. Credentials for a
 * remote come from Backstage's SCM integrations and are handed to git per call through its
 * environment as a header: never on a command line, stored in the clone, or logged, and
 * scrubbed from every error the repository lets out. A URL with credentials in it is
 * refused: git would keep them on its command lines and in the clone's `.git/config`.
 * @public
 */
export function createRequestWriter(
  repository: RepositoryConfig,
  rootConfig: Config,
): GitRequestWriter {
  const url = repository.url;
  assertNoCredentialsInRemoteUrl(url, rootConfig);
  const integrations = ScmIntegrations.fromConfig(rootConfig);
  const auth = integrationGitAuth(url, rootConfig);
  const local = new LocalGitRepository(
    repository.path,
    url
      ? {
          url,
          branch: repository.branch,
          authConfig: auth.authConfig,
          secrets: auth.secrets,
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
      token: auth.token,
    });
  }
  return new GitRequestWriter(local, repository.requestsPath, pullRequests);
}
