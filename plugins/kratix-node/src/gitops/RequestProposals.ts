import { ServiceUnavailableError } from '@backstage/errors';
import { ResourceRequest } from '@kratix-backstage/plugin-kratix-common';
import { parse } from 'yaml';
import { git } from '../embedded/git';
import { RequestRef } from '../platform/KratixPlatform';
import { GithubPullRequests } from './GithubPullRequests';
import { LocalGitRepository } from './LocalGitRepository';
import { requestDocumentPath } from './requestPath';

/** The branches requests are proposed on: `kratix/<promise>/<namespace>/<name>`. */
const BRANCH_PREFIX = 'kratix/';

/**
 * The commit trailer naming whom the suite wrote a proposal commit for. A branch whose last
 * commit lacks it was not written by the suite, and is never replaced.
 * @public
 */
export const REQUESTED_BY_TRAILER = 'Kratix-Requested-By';

/** A request proposed on its own branch of the remote, as the remote and the git host have it now. @public */
export interface RequestProposal extends RequestRef {
  branch: string;
  /** The branch's last commit. */
  head: string;
  /** The request as the branch proposes it (none when the branch holds no document there). */
  request?: ResourceRequest;
  /** Whom the suite wrote the last commit for; none when the suite did not write it. */
  requestedBy?: string;
  /** The open pull request from the branch; none when no pull request from it is open. */
  pullRequestUrl?: string;
}

/** The proposal branch of one request. @public */
export function proposalBranch(ref: RequestRef): string {
  return `${BRANCH_PREFIX}${ref.promise}/${ref.namespace}/${ref.name}`;
}

function refOfBranch(branch: string): RequestRef | undefined {
  const [prefix, promise, namespace, name, ...rest] = branch.split('/');
  if (`${prefix}/` !== BRANCH_PREFIX || !promise || !namespace || !name)
    return undefined;
  return rest.length ? undefined : { promise, namespace, name };
}

/**
 * Reads requests proposed as pull requests from where the truth is: the remote's proposal
 * branches and the git host's open pull requests, asked afresh each time, so every replica
 * sees what any other has proposed. A failure to read is a 503 (ServiceUnavailableError),
 * never "nothing proposed": a proposal that cannot be seen must not be written over.
 * @public
 */
export class RequestProposals {
  constructor(
    private readonly repository: LocalGitRepository,
    private readonly requestsPath: string,
    private readonly host: GithubPullRequests,
  ) {}

  /** One request's proposal, or undefined when the remote has no branch for it. */
  read(ref: RequestRef): Promise<RequestProposal | undefined> {
    return this.unavailableOnFailure(async () => {
      const branch = proposalBranch(ref);
      if (!(await this.repository.remoteBranchHead(branch))) return undefined;
      const head = await this.repository.fetchBranch(branch);
      return this.describe(ref, branch, head, await this.host.findOpen(branch));
    });
  }

  /** Every proposal branch of the remote, with its open pull request where there is one. */
  list(): Promise<RequestProposal[]> {
    return this.unavailableOnFailure(async () => {
      const branches = await this.repository.fetchBranches(BRANCH_PREFIX);
      const open = await this.host.listOpen(BRANCH_PREFIX);
      const proposals: RequestProposal[] = [];
      for (const [branch, head] of branches) {
        const ref = refOfBranch(branch);
        if (ref)
          proposals.push(
            await this.describe(ref, branch, head, open.get(branch)),
          );
      }
      return proposals;
    });
  }

  /** Whether the commit is already on the remote's main branch (its pull request merged). */
  async isMerged(commit: string): Promise<boolean> {
    const base = `refs/remotes/origin/${this.repository.remote!.branch}`;
    return git(this.repository.directory, [
      'merge-base',
      '--is-ancestor',
      commit,
      base,
    ]).then(
      () => true,
      () => false,
    );
  }

  private async describe(
    ref: RequestRef,
    branch: string,
    head: string,
    pullRequestUrl: string | undefined,
  ): Promise<RequestProposal> {
    const { directory } = this.repository;
    const path = requestDocumentPath(
      this.requestsPath,
      ref.promise,
      ref.namespace,
      ref.name,
    );
    const text = await git(directory, ['show', `${head}:${path}`]).catch(
      () => undefined,
    );
    const requestedBy = (
      await git(directory, [
        'log',
        '-1',
        `--format=%(trailers:key=${REQUESTED_BY_TRAILER},valueonly)`,
        head,
      ])
    ).trim();
    return {
      ...ref,
      branch,
      head,
      request:
        text === undefined ? undefined : (parse(text) as ResourceRequest),
      requestedBy: requestedBy || undefined,
      pullRequestUrl,
    };
  }

  private async unavailableOnFailure<T>(read: () => Promise<T>): Promise<T> {
    try {
      return await read();
    } catch (error) {
      if ((error as Error)?.name === 'ServiceUnavailableError') throw error;
      throw new ServiceUnavailableError(
        `Could not read the requests proposed on the repository's remote: ${
          (error as Error)?.message ?? String(error)
        }`,
      );
    }
  }
}
