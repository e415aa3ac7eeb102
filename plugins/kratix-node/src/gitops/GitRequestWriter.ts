import {
  ConflictError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  applyLabelChanges,
  KratixPromise,
  KubernetesObject,
  describeManageAction,
  labelChangesFor,
  ManageAction,
  PromiseManageAction,
  ResourceBinding,
  ResourceRequest,
} from '@kratix-backstage/plugin-kratix-common';
import { parse, parseAllDocuments, stringify } from 'yaml';
import {
  InstallPromiseResult,
  ManageActOptions,
  ManageActResult,
  PendingRequest,
  RequestRef,
  SubmitRequestOptions,
  SubmitRequestResult,
} from '../platform/KratixPlatform';
import { GithubPullRequests } from './GithubPullRequests';
import { LocalGitRepository, RepositoryFileChange } from './LocalGitRepository';
import { requestDocumentPath } from './requestPath';
import { removeDocumentLabel } from './removeDocumentLabel';
import {
  BranchProposal,
  proposalBranch,
  RequestProposal,
  RequestProposals,
  REQUESTED_BY_TRAILER,
} from './RequestProposals';

/**
 * An update rewrites the spec and the ownership keys it is given, and keeps every other label
 * and annotation the document had (pause and re-run labels, keys people added by hand).
 */
function keepExistingMetadata(
  existing: ResourceRequest | undefined,
  request: ResourceRequest,
): ResourceRequest {
  const labels = { ...existing?.metadata?.labels, ...request.metadata.labels };
  const annotations = {
    ...existing?.metadata?.annotations,
    ...request.metadata.annotations,
  };
  return {
    ...request,
    metadata: {
      ...request.metadata,
      ...(Object.keys(labels).length ? { labels } : {}),
      ...(Object.keys(annotations).length ? { annotations } : {}),
    },
  };
}

/** A proposal as a pending request: only an open pull request with a request document is one. */
function pendingOf(proposal: RequestProposal): PendingRequest | undefined {
  if (!proposal.pullRequestUrl || !proposal.request) return undefined;
  return {
    promise: proposal.promise,
    request: proposal.request,
    pullRequestUrl: proposal.pullRequestUrl,
    branch: proposal.branch,
  };
}

/** What writing a document does to the file that holds it now (none: created). */
function writeAction(
  existing: string | undefined,
  document: string,
): 'created' | 'updated' | 'unchanged' {
  if (existing === undefined) return 'created';
  return existing === document ? 'unchanged' : 'updated';
}

/** How long a listing of the open proposals is reused by views (writes always read afresh). */
const PROPOSALS_LISTING_MAX_AGE_MS = 5_000;

/** A change to commit (or propose), with its message, the document and who asks. */
type ProposalWrite = {
  change: RepositoryFileChange;
  message: string;
  document: string;
  target: string;
  requester?: string;
};

/**
 * Writes request documents to a requests repository as commits, at
 * `<requestsPath>/<promise>/<namespace>/<name>.yaml`. Used by gitops and hybrid platforms.
 * With pull requests, each request is proposed on its own branch instead; what is proposed
 * is read from the remote and the git host (never from this process's memory), so any
 * number of replicas agree on it.
 * @public
 */
export class GitRequestWriter {
  private readonly proposals?: RequestProposals;
  private listing?: { at: number; proposals: Promise<RequestProposal[]> };

  constructor(
    readonly repository: LocalGitRepository,
    private readonly requestsPath = 'requests',
    /** Propose requests as pull requests instead of pushing to the branch. */
    private readonly pullRequests?: GithubPullRequests,
  ) {
    if (pullRequests && repository.remote)
      this.proposals = new RequestProposals(
        repository,
        requestsPath,
        pullRequests,
      );
  }

  async submit(
    promise: string,
    request: ResourceRequest,
    options: SubmitRequestOptions = {},
  ): Promise<SubmitRequestResult> {
    const { name, namespace } = request.metadata;
    const operation = options.operation ?? 'create';
    const path = requestDocumentPath(
      this.requestsPath,
      promise,
      namespace,
      name,
    );
    const target = `${request.kind} ${namespace}/${name} (Promise ${promise})`;
    await this.pullFirst();
    const onBranch = await this.repository.readFile(path);
    // Read afresh from the remote: another replica may have proposed this request a moment ago.
    const proposal = await this.proposals?.read({ promise, namespace, name });
    const open = proposal?.pullRequestUrl ? proposal : undefined;
    // An open pull request's document is the newest intent: create refuses it, update amends it.
    const existing =
      (open?.request && stringify(open.request)) ?? onBranch ?? undefined;
    if (operation === 'create') {
      if (onBranch !== undefined)
        throw new ConflictError(
          `${target} already exists at ${path}; update it instead of creating it`,
        );
      if (open)
        throw new ConflictError(
          `${target} is already proposed in ${open.pullRequestUrl}`,
        );
    } else if (existing === undefined) {
      throw new NotFoundError(
        `${target} is not in the requests repository (${path}); create it first`,
      );
    }
    const document = stringify(
      operation === 'update'
        ? keepExistingMetadata(parse(existing!), request)
        : request,
    );
    const action = writeAction(
      operation === 'create' ? undefined : existing,
      document,
    );
    if (options.dryRun) return { action, path, document, dryRun: true };
    const message = `${
      operation === 'create' ? 'Request' : 'Update'
    } ${target}`;
    // Checked again inside the commit queue, so two concurrent creates of one name cannot both land.
    let expectation: 'absent' | 'present' | undefined;
    if (operation === 'create') expectation = 'absent';
    else if (onBranch !== undefined && !open) expectation = 'present';
    const change = { path, content: document, expect: expectation };
    if (this.proposals) {
      const proposed = await this.propose(
        proposalBranch({ promise, namespace, name }),
        proposal,
        { change, message, document, target, requester: options.requester },
        options.author,
      );
      return { action, path, document, dryRun: false, ...proposed };
    }
    const result = await this.repository.commit(
      [change],
      message,
      options.author,
    );
    return {
      action: result.changed ? action : 'unchanged',
      path,
      commit: result.sha,
      document,
      dryRun: false,
    };
  }

  /**
   * Carries out a manage act's change: proposed on `branch` when pull requests are on
   * (amending an open proposal), committed straight away otherwise.
   */
  private async commitOrPropose(
    branch: string,
    proposal: BranchProposal | undefined,
    write: ProposalWrite,
    author: ManageActOptions['author'],
    described: string,
  ): Promise<ManageActResult> {
    if (this.proposals) {
      const { commit, pullRequestUrl } = await this.propose(
        branch,
        proposal,
        write,
        author,
      );
      return {
        message: `Proposed in ${pullRequestUrl}, to take effect once merged: ${described}`,
        commit,
        pullRequestUrl,
      };
    }
    const result = await this.repository.commit(
      [write.change],
      write.message,
      author,
    );
    return { message: described, commit: result.sha };
  }

  /**
   * Commits a request on its proposal branch and opens (or keeps) its pull request. An open
   * proposal is amended by a commit on top of it; a branch left by a closed pull request is
   * started again from the main branch only when nothing on it would be lost: its last commit
   * is already merged, or is the suite's own for the same requester. Nothing is force-pushed
   * over a branch that moved meanwhile.
   */
  private async propose(
    branch: string,
    proposal: BranchProposal | undefined,
    write: ProposalWrite,
    author: { name: string; email: string } | undefined,
  ): Promise<{ commit: string; pullRequestUrl: string }> {
    const requester = write.requester ?? 'unknown';
    let from: string | undefined;
    let replacing: string | undefined;
    if (proposal?.pullRequestUrl) {
      from = proposal.head;
    } else if (proposal) {
      // A caller the suite cannot name is never "the same requester".
      const ours =
        !!write.requester && proposal.requestedBy === write.requester;
      if (
        !ours &&
        !(await this.proposals!.isSettled(proposal, write.change.path))
      )
        throw new ConflictError(
          `${write.target}: the branch ${branch} exists on the remote with commits that Backstage did not write for ${requester}, and no open pull request; nothing was pushed. Delete the branch or choose another name`,
        );
      replacing = proposal.head;
    }
    this.listing = undefined;
    const result = await this.repository.commitOnBranch(
      branch,
      [write.change],
      `${write.message}\n\n${REQUESTED_BY_TRAILER}: ${requester}`,
      author,
      { from, replacing },
    );
    const pullRequestUrl = await this.pullRequests!.open(
      branch,
      this.repository.remote!.branch,
      write.message,
      `Requested from Backstage by ${requester}.\n\n\`\`\`yaml\n${write.document}\`\`\``,
    );
    return { commit: result.sha, pullRequestUrl };
  }

  /**
   * The main branch as the remote has it now, before a write reads it: another replica, a
   * merged pull request or a hybrid platform (which never pulls to read) may have moved it.
   * A proposal needs it (a 503 otherwise); a direct commit goes on with the tree it has when
   * only fetching fails, since its push is refused if the remote moved.
   */
  private async pullFirst(): Promise<void> {
    if (!this.repository.remote) return;
    await this.repository.refresh().catch(error => {
      if (this.proposals)
        throw new ServiceUnavailableError(
          `Could not read the requests repository's remote, so nothing was proposed: ${
            (error as Error)?.message ?? String(error)
          }`,
        );
    });
  }

  /**
   * The request proposed in an open pull request, read afresh from the remote and the git
   * host (a 503 when they cannot be read), or undefined.
   */
  async findPending(ref: RequestRef): Promise<PendingRequest | undefined> {
    const proposal = await this.proposals?.read(ref);
    return proposal && pendingOf(proposal);
  }

  /**
   * Requests proposed in pull requests that are still open, as the remote's branches and the
   * git host say (listed at most every few seconds for views; a 503 when they cannot be read).
   */
  async listPending(): Promise<PendingRequest[]> {
    if (!this.proposals) return [];
    const now = Date.now();
    if (!this.listing || now - this.listing.at > PROPOSALS_LISTING_MAX_AGE_MS) {
      const listing = { at: now, proposals: this.proposals.list() };
      this.listing = listing;
      listing.proposals.catch(() => {
        if (this.listing === listing) this.listing = undefined;
      });
    }
    return (await this.listing.proposals).flatMap(p => {
      const pending = pendingOf(p);
      return pending ? [pending] : [];
    });
  }

  /**
   * The pending requests still open: those whose request has reached the platform (as the
   * given reader sees it) are left out.
   */
  async listOpen(
    listRequests: (query: {
      promise: string;
      namespace: string;
    }) => Promise<ResourceRequest[]>,
  ): Promise<PendingRequest[]> {
    const open: PendingRequest[] = [];
    for (const p of await this.listPending()) {
      const { namespace, name } = p.request.metadata;
      const arrived = (
        await listRequests({ promise: p.promise, namespace })
      ).some(r => r.metadata.name === name);
      if (!arrived) open.push(p);
    }
    return open;
  }

  /**
   * Commits a platform object (a Promise, a Destination) at `<folder>/<name>.yaml`, without
   * any status it carries, with a message saying what happened.
   */
  async commitPlatformObject(
    object: KubernetesObject,
    folder: string,
    describe: (action: 'created' | 'updated') => string,
    options: {
      dryRun?: boolean;
      author?: { name: string; email: string };
      requester?: string;
    } = {},
  ): Promise<{
    action: 'created' | 'updated' | 'unchanged';
    path: string;
    commit?: string;
    pullRequestUrl?: string;
    dryRun: boolean;
  }> {
    const path = [
      folder.replace(/^\.?\/+|\/+$/g, ''),
      `${object.metadata.name}.yaml`,
    ]
      .filter(Boolean)
      .join('/');
    const { status: _status, ...withoutStatus } = object as KubernetesObject & {
      status?: unknown;
    };
    const document = stringify(withoutStatus);
    await this.pullFirst();
    // With pull requests an admin's act is proposed too, on `kratix-platform/<path>`.
    const branch = `kratix-platform/${path.replace(/\.yaml$/, '')}`;
    const proposal = await this.proposals?.readBranch(branch, path);
    const existing =
      (proposal?.pullRequestUrl ? proposal.document : undefined) ??
      (await this.repository.readFile(path));
    const action = writeAction(existing, document);
    if (options.dryRun) return { action, path, dryRun: true };
    const message = describe(action === 'unchanged' ? 'updated' : action);
    if (this.proposals) {
      const proposed = await this.propose(
        branch,
        proposal,
        {
          change: { path, content: document },
          message,
          document,
          target: path,
          requester: options.requester,
        },
        options.author,
      );
      return { action, path, dryRun: false, ...proposed };
    }
    const result = await this.repository.commit(
      [{ path, content: document }],
      message,
      options.author,
    );
    return {
      action: result.changed ? action : 'unchanged',
      path,
      commit: result.sha,
      dryRun: false,
    };
  }

  /** The repository path of a request's document. */
  requestPath(ref: RequestRef): string {
    return requestDocumentPath(
      this.requestsPath,
      ref.promise,
      ref.namespace,
      ref.name,
    );
  }

  /**
   * Where a ResourceBinding declared for a request goes when none is declared yet: beside the
   * request's own document, so whatever applies the request applies its binding too.
   */
  bindingPath(ref: RequestRef, bindingName: string): string {
    const request = this.requestPath(ref);
    const folder = request.slice(0, request.lastIndexOf('/') + 1);
    return `${folder}${bindingName}.yaml`;
  }

  /**
   * A platform object's file as a write must start from: its open proposal on
   * `kratix-platform/<path>` where there is one, else main (pulled first), each document
   * parsed on its own so the others are kept as they are.
   */
  private async readPlatformFile(path: string) {
    await this.pullFirst();
    const branch = `kratix-platform/${path.replace(/\.ya?ml$/, '')}`;
    const proposal = await this.proposals?.readBranch(branch, path);
    const existing =
      (proposal?.pullRequestUrl ? proposal.document : undefined) ??
      (await this.repository.readFile(path));
    const documents = existing === undefined ? [] : parseAllDocuments(existing);
    return { branch, proposal, existing, documents };
  }

  /**
   * Moves a request to a Promise version by its ResourceBinding declared in git at `path`
   * (which may hold other documents, kept as they are): the binding's `spec.version` is
   * changed, or the binding is added where none is declared. Kratix adopts a binding made
   * ahead of it (dynamic_resource_request_controller.go updateResourceBinding: found by its
   * labels, and a set `spec.version` is kept), so a GitOps tool applying it moves the
   * request. Proposed on `kratix-platform/<path>` with pull requests, like other admin acts.
   */
  async moveRequestBinding(
    path: string,
    binding: ResourceBinding,
    target: string,
    options: ManageActOptions = {},
  ): Promise<ManageActResult> {
    const { branch, proposal, existing, documents } =
      await this.readPlatformFile(path);
    const declared = documents.find(d => {
      const object = d.toJS() as KubernetesObject | null;
      return (
        object?.kind === 'ResourceBinding' &&
        object.metadata?.name === binding.metadata.name &&
        (object.metadata?.namespace ?? 'default') === binding.metadata.namespace
      );
    });
    let content: string;
    if (declared) {
      declared.setIn(['spec', 'version'], binding.spec.version);
      content = documents.map(d => d.toString()).join('');
    } else {
      const { status: _status, ...declaredBinding } = binding;
      content = `${
        existing ? `${existing.replace(/\n*$/, '\n')}---\n` : ''
      }${stringify(declaredBinding)}`;
    }
    const version = binding.spec.version;
    const message = `Move ${target} (Promise ${binding.spec.promiseRef.name}) to version ${version}`;
    return this.commitOrPropose(
      branch,
      proposal,
      {
        change: { path, content },
        message,
        document: content,
        target: path,
        requester: options.requester,
      },
      options.author,
      describeManageAction('upgrade', target, version),
    );
  }

  /**
   * Carries out a Promise manage action on its committed document at `path` (which may hold
   * other documents too, kept as they are): the label change is committed into the Promise
   * document, or proposed like an install on `kratix-platform/<path>` with pull requests.
   */
  async managePromise(
    path: string,
    name: string,
    action: PromiseManageAction,
    options: ManageActOptions = {},
  ): Promise<ManageActResult> {
    const { branch, proposal, documents } = await this.readPlatformFile(path);
    const promise = documents.find(d => {
      const object = d.toJS() as KubernetesObject | null;
      return object?.kind === 'Promise' && object.metadata?.name === name;
    });
    if (!promise) {
      throw new ConflictError(
        `Promise ${name} is not declared in the repository at ${path}, so its labels cannot be committed`,
      );
    }
    const labels = applyLabelChanges(
      (promise.toJS() as KubernetesObject).metadata.labels,
      labelChangesFor(action)!,
    );
    if (Object.keys(labels).length > 0)
      promise.setIn(['metadata', 'labels'], promise.createNode(labels));
    else promise.deleteIn(['metadata', 'labels']);
    const content = documents.map(d => d.toString()).join('');
    const message = `${labelActVerb(action)} Promise ${name}`;
    const described = describeManageAction(action, `Promise ${name}`);
    const change = { path, content };
    return this.commitOrPropose(
      branch,
      proposal,
      {
        change,
        message,
        document: content,
        target: path,
        requester: options.requester,
      },
      options.author,
      described,
    );
  }

  /** Whether changes are proposed as pull requests rather than pushed to the branch. */
  get proposesPullRequests(): boolean {
    return !!this.proposals;
  }

  /**
   * Commits the removal of one label from one document of the file at `path` on the branch
   * (the remote's, pulled first), only while it holds `expected`; the file's other documents
   * and comments stay as they are. Nothing is committed when the document or the label is
   * gone or holds another value, when the file is no longer `basedOn` (the content the
   * caller decided on), or when another writer changed it meanwhile (so several replicas
   * doing this at once make one commit). Never proposed: with pull requests it refuses
   * (ConflictError), as the branch only changes by merging.
   */
  async removeLabel(
    path: string,
    match: { kind: string; namespace?: string; name: string },
    label: { key: string; value: string },
    message: string,
    basedOn?: string,
  ): Promise<{ removed: boolean; commit?: string }> {
    if (this.proposals)
      throw new ConflictError(
        `${path}: changes to this repository are proposed as pull requests, so ${label.key} is not removed from its branch`,
      );
    await this.pullFirst();
    const existing = await this.repository.readFile(path);
    if (existing === undefined) return { removed: false };
    if (basedOn !== undefined && existing !== basedOn)
      return { removed: false };
    const removal = removeDocumentLabel(
      existing,
      match,
      label.key,
      label.value,
    );
    if (removal.outcome !== 'removed') return { removed: false };
    try {
      const result = await this.repository.commit(
        [{ path, content: removal.content, replaces: existing }],
        message,
      );
      return { removed: result.changed, commit: result.sha };
    } catch (error) {
      // Another writer changed the file after it was read: the next round reads it again.
      if ((error as Error)?.name === 'ConflictError') return { removed: false };
      throw error;
    }
  }

  /** Commits a Promise document at `<promisesPath>/<name>.yaml`. */
  async installPromise(
    promise: KratixPromise,
    promisesPath: string,
    options: {
      dryRun?: boolean;
      author?: { name: string; email: string };
      requester?: string;
    } = {},
  ): Promise<InstallPromiseResult> {
    const version = promise.metadata.labels?.['kratix.io/promise-version'];
    const result = await this.commitPlatformObject(
      promise,
      promisesPath,
      action =>
        `${action === 'created' ? 'Install' : 'Upgrade'} Promise ${
          promise.metadata.name
        }${version ? ` ${version}` : ''}`,
      options,
    );
    return { ...result, kind: 'Promise' };
  }

  /**
   * Carries out a manage action on a committed request document: label changes are
   * committed into the document, delete removes it. Upgrades need a cluster's
   * ResourceBinding, which a repository does not hold. With pull requests the change is
   * proposed like any other (on the request's branch, amending an open proposal).
   */
  async manage(
    ref: RequestRef,
    action: ManageAction,
    options: ManageActOptions = {},
  ): Promise<ManageActResult> {
    const path = requestDocumentPath(
      this.requestsPath,
      ref.promise,
      ref.namespace,
      ref.name,
    );
    await this.pullFirst();
    const proposal = await this.proposals?.read(ref);
    const open = proposal?.pullRequestUrl ? proposal : undefined;
    const existing =
      (open?.request && stringify(open.request)) ??
      (await this.repository.readFile(path));
    if (existing === undefined) {
      throw new NotFoundError(
        `Request ${ref.namespace}/${ref.name} of Promise ${ref.promise} is not in the requests repository (${path})`,
      );
    }
    const target = `${ref.namespace}/${ref.name}`;
    if (action === 'upgrade') {
      throw new ConflictError(
        `Upgrading ${target} needs the platform cluster's ResourceBinding; this platform writes requests to git only`,
      );
    }
    let content: string | null = null;
    let verb = 'Delete';
    if (action !== 'delete') {
      const request = parse(existing) as ResourceRequest;
      request.metadata.labels = applyLabelChanges(
        request.metadata.labels,
        labelChangesFor(action)!,
      );
      if (Object.keys(request.metadata.labels).length === 0)
        delete request.metadata.labels;
      content = stringify(request);
      verb = labelActVerb(action);
    }
    const message = `${verb} ${target} (Promise ${ref.promise})`;
    const change = { path, content };
    const described = describeManageAction(action, target);
    return this.commitOrPropose(
      proposalBranch(ref),
      proposal,
      {
        change,
        message,
        document: content ?? '# the request document is removed\n',
        target,
        requester: options.requester,
      },
      options.author,
      described,
    );
  }
}

/** The commit message's verb for a label act on a request or a Promise. */
function labelActVerb(action: PromiseManageAction): string {
  return {
    rerun: 'Re-run',
    pause: 'Pause',
    resume: 'Resume',
    'resume-suspended': 'Resume suspended workflow of',
  }[action];
}
