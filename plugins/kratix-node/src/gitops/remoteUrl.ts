import { Config } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';

/** `scheme://` then an authority holding an `@`: the RFC 3986 user info, before any path. */
const USER_INFO = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)@/i;

/**
 * Whether a URL carries user info (`https://user:token@host/…`). Git keeps such a URL as
 * is: on the command line of `git remote add`, `clone`, `fetch` and `push`, where every
 * process on the machine can read it, and in the clone's `.git/config`.
 * @internal
 */
export function hasUserInfo(url: string | undefined): boolean {
  return !!url && USER_INFO.test(url);
}

/** The URL with its user info replaced by `***`, for messages that quote it. @internal */
export function withoutUserInfo(url: string): string {
  return url.replace(USER_INFO, '$1***@');
}

/** The integrations whose `token` the suite hands to git (see integrationGitAuth). */
const TOKEN_INTEGRATIONS = [
  'github',
  'gitlab',
  'bitbucketServer',
  'bitbucketCloud',
  'harness',
];

/**
 * Where the credentials of a git remote belong: the Backstage `integrations` entry for its
 * host, which the suite reads and hands to git in its environment. Names the entry's
 * `token` key for the integration configured (or defaulted) for the host, or the keys of
 * the integrations the suite reads when none applies.
 * @internal
 */
export function integrationSettingFor(
  url: string,
  rootConfig?: Config,
): string {
  let host: string | undefined;
  let type: string | undefined;
  try {
    host = new URL(withoutUserInfo(url)).host || undefined;
    // An integrations config Backstage cannot read is reported where it is read.
    if (host && rootConfig)
      type = ScmIntegrations.fromConfig(rootConfig).byHost(host)?.type;
  } catch {
    type = undefined;
  }
  if (type === 'github')
    return `integrations.github[].token (or a GitHub App under integrations.github[].apps) for ${host}`;
  if (type && TOKEN_INTEGRATIONS.includes(type))
    return `integrations.${type}[].token for ${host}`;
  return `the token of an integration for ${
    host ?? 'its host'
  }: integrations.github[].token (or a GitHub App), integrations.gitlab[].token or integrations.bitbucketServer[].token`;
}

/**
 * Why a git remote URL with user info is refused, naming the setting to use instead. The
 * message never quotes the user info.
 * @internal
 */
export function credentialsInRemoteUrlMessage(
  url: string,
  rootConfig?: Config,
): string {
  return `${withoutUserInfo(
    url,
  )} carries credentials in the URL, which git would put on its command lines and in the clone's .git/config. Write the URL without them and set ${integrationSettingFor(
    url,
    rootConfig,
  )}; the suite hands that token to git in its environment`;
}

/**
 * Refuses a git remote URL with user info (see {@link hasUserInfo}), for code that builds
 * a repository from a URL it did not read from the checked config (adopters constructing
 * a `LocalGitRepository` or calling `createRequestWriter` themselves).
 * @internal
 */
export function assertNoCredentialsInRemoteUrl(
  url: string | undefined,
  rootConfig?: Config,
): void {
  if (url && hasUserInfo(url))
    throw new Error(credentialsInRemoteUrlMessage(url, rootConfig));
}
