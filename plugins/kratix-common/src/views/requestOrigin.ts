import { gitCommitBrowseUrl, gitPullRequestBrowseUrl } from './storeFiles';
import { RequestOrigin } from './types';

/**
 * The number of the pull request a commit subject says it merged, in the forms the git hosts
 * write: GitHub's merge ("Merge pull request #12 from ...") and squash ("Title (#12)"),
 * Bitbucket's "Merged in branch (pull request #12)", and GitLab's "See merge request
 * group/project!12" when the body is part of the text read.
 * @public
 */
export function pullRequestNumberOf(subject: string): number | undefined {
  const match =
    /^Merge pull request #(\d+)\b/.exec(subject) ??
    /\(pull request #(\d+)\)/.exec(subject) ??
    /See merge request \S*!(\d+)/.exec(subject) ??
    /\(#(\d+)\)\s*$/.exec(subject);
  return match ? Number(match[1]) : undefined;
}

/**
 * Where a request's document came from, read from the commit that last changed it in the
 * repository the platform reads (gitops mode): the commit, its time, author and subject,
 * its page and, when the subject names one, the pull request that merged it.
 * @public
 */
export function toRequestOrigin(
  commit: {
    sha: string;
    time?: string;
    author?: string;
    subject?: string;
    path?: string;
    /** When the file was added, where known. */
    created?: string;
  },
  repositoryUrl?: string,
): RequestOrigin {
  const number = commit.subject
    ? pullRequestNumberOf(commit.subject)
    : undefined;
  const url = repositoryUrl
    ? gitCommitBrowseUrl(repositoryUrl, commit.sha)
    : undefined;
  const pullRequestUrl =
    number !== undefined && repositoryUrl
      ? gitPullRequestBrowseUrl(repositoryUrl, number)
      : undefined;
  return {
    commit: commit.sha,
    ...(commit.time && { time: commit.time }),
    ...(commit.author && { author: commit.author }),
    ...(commit.subject && { subject: commit.subject }),
    ...(commit.created && { created: commit.created }),
    ...(commit.path && { path: commit.path }),
    ...(url && { url }),
    ...(number !== undefined && {
      pullRequest: { number, ...(pullRequestUrl && { url: pullRequestUrl }) },
    }),
  };
}
