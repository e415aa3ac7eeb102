import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  applyLabelChanges,
  KratixPromise,
  KubernetesObject,
  describeManageAction,
  labelChangesFor,
  ManageAction,
  ResourceRequest,
} from '@kratix-backstage/plugin-kratix-common';
import { parse, stringify } from 'yaml';
import {
  InstallPromiseResult,
  PendingRequest,
  RequestRef,
  SubmitRequestOptions,
  SubmitRequestResult,
} from '../platform/KratixPlatform';
import { GithubPullRequests } from './GithubPullRequests';
import { LocalGitRepository } from './LocalGitRepository';
import { requestDocumentPath } from './requestPath';

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

/** What writing a document does to the file that holds it now (none: created). */
function writeAction(
  existing: string | undefined,
  document: string,
): 'created' | 'updated' | 'unchanged' {
  if (existing === undefined) return 'created';
  return existing === document ? 'unchanged' : 'updated';
}

let droppedOneWrite = false;

/**
 * TEST-ONLY fault switch, so that `yarn test:faults` can be shown to fail: with
 * `KRATIX_TEST_DROP_ONE_WRITE=1` in the environment, the first request write of the process
 * reports success without committing anything (a silently lost request). Nothing sets it;
 * never set it outside that check.
 */
function dropThisWriteForTest(): boolean {
  if (droppedOneWrite || process.env.KRATIX_TEST_DROP_ONE_WRITE !== '1')
    return false;
  droppedOneWrite = true;
  return true;
}

/**
 * Writes request documents to a requests repository as commits, at
 * `<requestsPath>/<promise>/<namespace>/<name>.yaml`. Used by gitops and hybrid platforms.
 * @public
 */
export class GitRequestWriter {
  /** Requests proposed as pull requests, by `<promise>/<namespace>/<name>`. */
  private readonly pending = new Map<string, PendingRequest>();
  private rediscovered = false;

  constructor(
    readonly repository: LocalGitRepository,
    private readonly requestsPath = 'requests',
    /** Propose requests as pull requests instead of pushing to the branch. */
    private readonly pullRequests?: GithubPullRequests,
  ) {}

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
    const onBranch = await this.repository.readFile(path);
    // A request proposed in an open pull request exists too: create refuses it, update amends the proposal.
    const proposed = this.pending.get(`${promise}/${namespace}/${name}`);
    const existing = onBranch ?? (proposed && stringify(proposed.request));
    if (operation === 'create') {
      if (onBranch !== undefined)
        throw new ConflictError(
          `${target} already exists at ${path}; update it instead of creating it`,
        );
      if (proposed)
        throw new ConflictError(
          `${target} is already proposed in ${proposed.pullRequestUrl}`,
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
    else if (onBranch !== undefined) expectation = 'present';
    const change = { path, content: document, expect: expectation };
    if (this.pullRequests && this.repository.remote) {
      const branch = `kratix/${promise}/${namespace}/${name}`;
      const result = await this.repository.commitOnBranch(
        branch,
        [change],
        message,
        options.author,
      );
      const pullRequestUrl = await this.pullRequests.open(
        branch,
        this.repository.remote.branch,
        message,
        `Requested from Backstage.\n\n\`\`\`yaml\n${document}\`\`\``,
      );
      this.pending.set(`${promise}/${namespace}/${name}`, {
        promise,
        request,
        pullRequestUrl,
        branch,
      });
      return {
        action,
        path,
        commit: result.sha,
        pullRequestUrl,
        document,
        dryRun: false,
      };
    }
    // TEST-ONLY: see dropThisWriteForTest.
    if (dropThisWriteForTest())
      return { action, path, document, dryRun: false };
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
   * Requests proposed as pull requests and still open. After a restart they are found again
   * from the remote's `kratix/<promise>/<namespace>/<name>` branches that have an open pull
   * request, so a pending request is never forgotten.
   */
  async listPending(): Promise<PendingRequest[]> {
    if (!this.pullRequests || !this.repository.remote) return [];
    if (!this.rediscovered) {
      this.rediscovered = true;
      await this.rediscover().catch(() => undefined);
    }
    return [...this.pending.values()];
  }

  /** Forgets a pending request once the real one is on the platform. */
  settle(promise: string, namespace: string, name: string): void {
    this.pending.delete(`${promise}/${namespace}/${name}`);
  }

  /**
   * The pending requests still open: those whose request has reached the platform (as the
   * given reader sees it) are settled and left out.
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
      if (arrived) this.settle(p.promise, namespace, name);
      else open.push(p);
    }
    return open;
  }

  private async rediscover(): Promise<void> {
    const repository = this.repository;
    await repository.exclusive(() => repository.syncWithRemote());
    const heads = await repository.remoteGit([
      'ls-remote',
      '--heads',
      'origin',
      'refs/heads/kratix/*',
    ]);
    for (const line of heads.split('\n').filter(Boolean)) {
      const branch = line.split('\t')[1].replace('refs/heads/', '');
      const [, promise, namespace, name] = branch.split('/');
      if (
        !promise ||
        !namespace ||
        !name ||
        this.pending.has(`${promise}/${namespace}/${name}`)
      )
        continue;
      const pullRequestUrl = await this.pullRequests!.findOpen(branch);
      if (!pullRequestUrl) continue;
      await repository.exclusive(() =>
        repository.remoteGit([
          'fetch',
          '--quiet',
          'origin',
          `${branch}:refs/remotes/origin/${branch}`,
        ]),
      );
      const path = requestDocumentPath(
        this.requestsPath,
        promise,
        namespace,
        name,
      );
      const text = await repository.remoteGit([
        'show',
        `origin/${branch}:${path}`,
      ]);
      this.pending.set(`${promise}/${namespace}/${name}`, {
        promise,
        request: parse(text) as ResourceRequest,
        pullRequestUrl,
        branch,
      });
    }
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
    } = {},
  ): Promise<{
    action: 'created' | 'updated' | 'unchanged';
    path: string;
    commit?: string;
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
    const existing = await this.repository.readFile(path);
    const action = writeAction(existing, document);
    if (options.dryRun) return { action, path, dryRun: true };
    const result = await this.repository.commit(
      [{ path, content: document }],
      describe(action === 'unchanged' ? 'updated' : action),
      options.author,
    );
    return {
      action: result.changed ? action : 'unchanged',
      path,
      commit: result.sha,
      dryRun: false,
    };
  }

  /** Commits a Promise document at `<promisesPath>/<name>.yaml`. */
  async installPromise(
    promise: KratixPromise,
    promisesPath: string,
    options: {
      dryRun?: boolean;
      author?: { name: string; email: string };
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
   * ResourceBinding, which a repository does not hold.
   */
  async manage(
    ref: RequestRef,
    action: ManageAction,
    options: { author?: { name: string; email: string } } = {},
  ): Promise<{ message: string; commit?: string }> {
    const path = requestDocumentPath(
      this.requestsPath,
      ref.promise,
      ref.namespace,
      ref.name,
    );
    const existing = await this.repository.readFile(path);
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
    if (action === 'delete') {
      const result = await this.repository.commit(
        [{ path, content: null }],
        `Delete ${target} (Promise ${ref.promise})`,
        options.author,
      );
      return {
        message: describeManageAction(action, target),
        commit: result.sha,
      };
    }
    const request = parse(existing) as ResourceRequest;
    request.metadata.labels = applyLabelChanges(
      request.metadata.labels,
      labelChangesFor(action)!,
    );
    if (Object.keys(request.metadata.labels).length === 0)
      delete request.metadata.labels;
    const verb = {
      rerun: 'Re-run',
      pause: 'Pause',
      resume: 'Resume',
      'resume-suspended': 'Resume suspended workflow of',
    }[action];
    const result = await this.repository.commit(
      [{ path, content: stringify(request) }],
      `${verb} ${target} (Promise ${ref.promise})`,
      options.author,
    );
    return {
      message: describeManageAction(action, target),
      commit: result.sha,
    };
  }
}
