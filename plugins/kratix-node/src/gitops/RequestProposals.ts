import { ServiceUnavailableError } from '@backstage/errors';
import { ResourceRequest } from '@kratix-backstage/plugin-kratix-common';
import { parse } from 'yaml';
import { git } from './git';
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

/** A branch of the remote proposing one document, as the remote and the git host have it now. @public */
export interface BranchProposal {
  branch: string;
  /** The branch's last commit. */
  head: string;
  /** The document the branch holds at the proposed path; none when it holds none there. */
  document?: string;
  /** Whom the suite wrote the last commit for; none when the suite did not write it. */
  requestedBy?: string;
  /** The open pull request from the branch; none when no pull request from it is open. */
  pullRequestUrl?: string;
}

/** A request proposed on its own branch of the remote. @public */
export interface RequestProposal extends RequestRef, BranchProposal {
  /** The request as the branch proposes it (none when its document is missing or not a request). */
  request?: ResourceRequest;
}

/** What Kubernetes accepts as a name: nothing else can be on a proposal branch the suite wrote. */
const KUBERNETES_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/** A document's text as a request, or undefined when it is not one (a reviewer's broken edit). */
function asRequest(text: string | undefined): ResourceRequest | undefined {
  if (text === undefined) return undefined;
  try {
    const request = parse(text) as ResourceRequest | null;
    const { name, namespace } = request?.metadata ?? {};
    return typeof name === 'string' && typeof namespace === 'string'
      ? request!
      : undefined;
  } catch {
    return undefined;
  }
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

  /**
   * A branch of the remote with the document it holds at `path` and its open pull request,
   * or undefined when the remote has no such branch.
   */
  readBranch(
    branch: string,
    path: string,
  ): Promise<BranchProposal | undefined> {
    return this.unavailableOnFailure(async () => {
      if (!(await this.repository.remoteBranchHead(branch))) return undefined;
      const head = await this.repository.fetchBranch(branch);
      return this.describe(
        branch,
        path,
        head,
        await this.host.findOpen(branch),
      );
    });
  }

  /** One request's proposal, or undefined when the remote has no branch for it. */
  async read(ref: RequestRef): Promise<RequestProposal | undefined> {
    if (
      ![ref.promise, ref.namespace, ref.name].every(n =>
        KUBERNETES_NAME.test(n),
      )
    )
      return undefined;
    const proposal = await this.readBranch(
      proposalBranch(ref),
      this.pathOf(ref),
    );
    return (
      proposal && { ...ref, ...proposal, request: asRequest(proposal.document) }
    );
  }

  /** Every proposal branch of the remote with an open pull request. */
  list(): Promise<RequestProposal[]> {
    return this.unavailableOnFailure(async () => {
      const branches = await this.repository.fetchBranches(BRANCH_PREFIX);
      const open = await this.host.listOpen(BRANCH_PREFIX);
      const proposals: RequestProposal[] = [];
      for (const [branch, head] of branches) {
        const ref = refOfBranch(branch);
        // Branches of closed pull requests stay on the remote: they propose nothing.
        if (!ref || !open.has(branch)) continue;
        const proposal = await this.describe(
          branch,
          this.pathOf(ref),
          head,
          open.get(branch),
        );
        proposals.push({
          ...ref,
          ...proposal,
          request: asRequest(proposal.document),
        });
      }
      return proposals;
    });
  }

  /**
   * Whether starting the branch again loses nothing: its last commit is on the main branch,
   * or the suite wrote it and the main branch now holds the same document at `path` (a
   * squash or rebase merge leaves no common commit).
   */
  async isSettled(proposal: BranchProposal, path: string): Promise<boolean> {
    const { directory } = this.repository;
    const base = `refs/remotes/origin/${this.repository.remote!.branch}`;
    const onBase = await git(directory, [
      'merge-base',
      '--is-ancestor',
      proposal.head,
      base,
    ]).then(
      () => true,
      () => false,
    );
    if (onBase) return true;
    if (!proposal.requestedBy) return false;
    const onMain = await git(directory, ['show', `${base}:${path}`]).catch(
      () => undefined,
    );
    return onMain === proposal.document;
  }

  private pathOf(ref: RequestRef): string {
    return requestDocumentPath(
      this.requestsPath,
      ref.promise,
      ref.namespace,
      ref.name,
    );
  }

  private async describe(
    branch: string,
    path: string,
    head: string,
    pullRequestUrl: string | undefined,
  ): Promise<BranchProposal> {
    const { directory } = this.repository;
    const document = await git(directory, ['show', `${head}:${path}`]).catch(
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
      branch,
      head,
      document,
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
