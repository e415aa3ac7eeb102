import {
  CommitResult,
  GitRemoteOptions,
  LocalGitRepository,
  RepositoryFileChange,
} from '../gitops/LocalGitRepository';

/**
 * The fault suite's repositories, test-only: each is a LocalGitRepository as the backend
 * uses it, except that with `dropOneRequestCommit` the first request commit asked of any of
 * them reports success and commits nothing (a request silently lost), so that the suite can
 * be shown to fail. The shipped writer has no such switch.
 */
export function repositoriesThatCanLoseAWrite(dropOneRequestCommit: boolean) {
  let dropped: string | undefined;

  class RepositoryThatCanLoseAWrite extends LocalGitRepository {
    override async commit(
      changes: RepositoryFileChange[],
      message: string,
      author?: { name: string; email: string },
    ): Promise<CommitResult> {
      // GitRequestWriter commits a request alone, as `Request <kind> <namespace>/<name> …`
      // at `<requestsPath>/<promise>/<namespace>/<name>.yaml`.
      if (dropOneRequestCommit && !dropped && message.startsWith('Request ')) {
        const [namespace, file] = changes[0].path.split('/').slice(-2);
        dropped = `${namespace}/${file.replace(/\.yaml$/, '')}`;
        // eslint-disable-next-line no-console
        console.log(`faults: one write dropped on purpose: ${dropped}`);
        return { sha: await this.head(), changed: true };
      }
      return super.commit(changes, message, author);
    }
  }

  return {
    open: (directory: string, remote?: GitRemoteOptions): LocalGitRepository =>
      new RepositoryThatCanLoseAWrite(directory, remote),
    /** The request whose commit was dropped (`namespace/name`), if one was. */
    dropped: () => dropped,
  };
}
