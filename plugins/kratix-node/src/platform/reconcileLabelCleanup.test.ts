/*
 * "Reconcile now" in gitops mode commits kratix.io/manual-reconciliation: "true". Kratix
 * removes it from the cluster object once it has re-run (lib/workflow/reconciler.go
 * removeManualReconciliationLabel, v0.125.0; internal/controller/
 * dynamic_resource_request_controller.go deletes it at HEAD), not from git, so the suite
 * takes it out of git once the GitOps tool has had the window to apply it. Real git
 * repositories; ages come from a fake clock or from commits dated in the past.
 */
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { git } from '../gitops/git';
import { GithubPullRequests } from '../gitops/GithubPullRequests';
import { GitRequestWriter } from '../gitops/GitRequestWriter';
import { LocalGitRepository } from '../gitops/LocalGitRepository';
import { createBareRemote } from '../testing/bareRemote';
import { capturingLogger } from '../testing/capturingLogger';
import {
  FakeGithubPulls,
  startFakeGithubPulls,
} from '../testing/fakeGithubPulls';
import { GitOpsKratixPlatform } from './GitOpsKratixPlatform';
import {
  LabelledDocument,
  labelCommittedAt,
  ReconcileLabelCleanup,
} from './reconcileLabelCleanup';
import { RepositoryHistoryReader } from './RepositoryHistory';

jest.setTimeout(60_000);

const LABEL = 'kratix.io/manual-reconciliation';
const PROMISE_PATH = 'platform/promises/jenkins.yaml';
const PROMISE_FILE = `# Jenkins, as the platform team installs it.
apiVersion: platform.kratix.io/v1alpha1
kind: Promise
metadata:
  name: jenkins
  labels:
    kratix.io/promise-version: v1
spec:
  api:
    apiVersion: apiextensions.k8s.io/v1
    kind: CustomResourceDefinition
    metadata:
      name: jenkins.marketplace.kratix.io
    spec:
      group: marketplace.kratix.io
      names:
        kind: jenkins
        plural: jenkins
        singular: jenkins
      scope: Namespaced
      versions:
        - name: v1alpha1
          served: true
          storage: true
---
# Defaults the team reads; not Kratix's.
apiVersion: v1
kind: ConfigMap
metadata:
  name: jenkins-defaults
  namespace: default
data:
  size: small
`;
const requestPath = (namespace: string) =>
  `requests/jenkins/${namespace}/ci.yaml`;
const requestFile = (namespace: string, label?: string) => `# ${namespace}'s CI
apiVersion: marketplace.kratix.io/v1alpha1
kind: jenkins
metadata:
  name: ci
  namespace: ${namespace}
  labels:
    team: ${namespace}
${label === undefined ? '' : `    ${LABEL}: "${label}"\n`}spec:
  size: small
`;

describe('ReconcileLabelCleanup', () => {
  let root: string;
  let remote: string;
  let seed: string;
  let clones = 0;
  let host: FakeGithubPulls | undefined;
  /** The tests' "now", in whole seconds: commits are dated relative to it. */
  let now: number;

  /** Commits files in the seed clone, dated `secondsAgo` in the past, and pushes them. */
  const commitAt = async (
    files: Record<string, string>,
    message: string,
    secondsAgo = 0,
  ) => {
    for (const [path, content] of Object.entries(files)) {
      await mkdir(dirname(join(seed, path)), { recursive: true });
      await writeFile(join(seed, path), content);
    }
    await git(seed, ['add', '--all']);
    const date = `@${now - secondsAgo} +0000`;
    await git(seed, ['commit', '--quiet', '-m', message], {
      env: { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
    });
    await git(seed, ['push', '--quiet', 'origin', 'HEAD:main']);
  };
  const onRemote = (path: string) =>
    git(remote, ['show', `main:${path}`]).catch(() => undefined);
  const subjects = async () =>
    (await git(remote, ['log', '--format=%s', 'main'])).trim().split('\n');

  const replica = () => join(root, `replica-${++clones}`);
  const writerAt = (directory: string, pullRequests = false) =>
    new GitRequestWriter(
      new LocalGitRepository(directory, { url: remote, branch: 'main' }),
      'requests',
      pullRequests
        ? new GithubPullRequests({
            apiBaseUrl: host!.apiBaseUrl,
            owner: 'easyeaty',
            repo: 'platform',
            token: async () => 'gh-token',
          })
        : undefined,
    );
  const platformAt = (
    directory: string,
    writer: GitRequestWriter,
    lines: string[] = [],
  ) =>
    new GitOpsKratixPlatform({
      name: 'prod',
      directory,
      writer,
      stateStorePaths: ['state'],
      maxAgeMs: 0,
      logger: capturingLogger(lines),
    });

  beforeEach(async () => {
    now = Math.floor(Date.now() / 1000);
    root = await mkdtemp(join(tmpdir(), 'kratix-reconcile-label-'));
    remote = await createBareRemote(root);
    seed = join(root, 'seed');
    await git(root, ['clone', '--quiet', remote, seed]);
    await commitAt(
      {
        [PROMISE_PATH]: PROMISE_FILE,
        [requestPath('team-a')]: requestFile('team-a'),
      },
      'Install jenkins and team-a/ci',
      3600,
    );
  });
  afterEach(async () => {
    await host?.stop();
    host = undefined;
    await rm(root, { recursive: true, force: true });
  });

  /** A cleanup of one replica's documents, read as the platform would, on a fake clock. */
  const cleanupOf = (
    directory: string,
    writer: GitRequestWriter,
    documents: LabelledDocument[],
    clock: { now: number },
    lines: string[] = [],
  ) =>
    new ReconcileLabelCleanup({
      platform: 'prod',
      writer,
      windowSeconds: 600,
      read: async () => {
        await writer.repository.refresh();
        return {
          documents,
          history: await new RepositoryHistoryReader(directory).read(),
        };
      },
      logger: capturingLogger(lines),
      now: () => clock.now,
    });
  const promiseDocument: LabelledDocument = {
    match: { kind: 'Promise', name: 'jenkins' },
    path: PROMISE_PATH,
    target: 'Promise jenkins',
  };
  const requestDocument: LabelledDocument = {
    match: { kind: 'jenkins', namespace: 'team-a', name: 'ci' },
    path: requestPath('team-a'),
    target: 'team-a/ci (Promise jenkins)',
  };

  it('removes the label "Reconcile now" committed once it is as old as the window, not a second before, keeping the other documents and comments', async () => {
    const directory = replica();
    const writer = writerAt(directory);
    const platform = platformAt(directory, writer);
    await platform.managePromise('jenkins', 'rerun');
    await platform.manageRequest(
      { promise: 'jenkins', namespace: 'team-a', name: 'ci' },
      'rerun',
    );
    const labelled = await onRemote(PROMISE_PATH);
    expect(labelled).toContain(`${LABEL}: "true"`);
    const history = await new RepositoryHistoryReader(directory).read();
    const committed = Date.parse(history.commits[1].time);
    expect(history.commits[1].subject).toBe('Re-run Promise jenkins');
    const clock = { now: committed + 599_000 };
    const cleanup = cleanupOf(
      directory,
      writer,
      [promiseDocument, requestDocument],
      clock,
    );

    const head = await git(remote, ['rev-parse', 'main']);
    expect(await cleanup.round()).toBe(0);
    expect(await git(remote, ['rev-parse', 'main'])).toBe(head);

    clock.now = committed + 600_000;
    // The request's label was committed after the Promise's: it waits, if its commit is later.
    const requestCommitted = Date.parse(history.commits[0].time);
    expect(await cleanup.round()).toBe(requestCommitted > committed ? 1 : 2);
    clock.now = requestCommitted + 600_000;
    await cleanup.round();

    // Only the label's line left the Promise's file: its comment and ConfigMap are as they were.
    expect(await onRemote(PROMISE_PATH)).toBe(
      labelled!.replace(`    ${LABEL}: "true"\n`, ''),
    );
    expect(
      parseAllDocuments((await onRemote(PROMISE_PATH))!).map(d => d.toJS()),
    ).toEqual(parseAllDocuments(PROMISE_FILE).map(d => d.toJS()));
    expect(await onRemote(PROMISE_PATH)).toMatch(/^# Jenkins, as the/);
    expect(
      parseAllDocuments((await onRemote(requestPath('team-a')))!)[0].toJS()
        .metadata.labels,
    ).toEqual({ team: 'team-a' });
    const cleared = (await subjects()).filter(s => s.startsWith('Clear'));
    expect(cleared.sort()).toEqual([
      `Clear ${LABEL} from Promise jenkins: committed 600 s ago`,
      `Clear ${LABEL} from team-a/ci (Promise jenkins): committed 600 s ago`,
    ]);
    // Once gone, a later round commits nothing.
    const after = await git(remote, ['rev-parse', 'main']);
    clock.now += 3_600_000;
    expect(await cleanup.round()).toBe(0);
    expect(await git(remote, ['rev-parse', 'main'])).toBe(after);
  });

  it("counts from the commit that set the label: later changes keep it, a label set again starts again, an uncommitted one is not git's", async () => {
    const directory = replica();
    const writer = writerAt(directory);
    const history = async () => {
      await writer.repository.refresh();
      return new RepositoryHistoryReader(directory).read();
    };
    await commitAt(
      { [requestPath('team-a')]: requestFile('team-a', 'true') },
      'Re-run team-a/ci',
      800,
    );
    await commitAt(
      {
        [requestPath('team-a')]: requestFile('team-a', 'true').replace(
          'small',
          'large',
        ),
      },
      'Update team-a/ci',
      100,
    );
    const since = async () =>
      Math.round(
        (now * 1000 -
          (await labelCommittedAt(await history(), requestDocument))!) /
          1000,
      );
    expect(await since()).toBe(800);
    await commitAt(
      { [requestPath('team-a')]: requestFile('team-a') },
      'Clear',
      50,
    );
    expect(
      await labelCommittedAt(await history(), requestDocument),
    ).toBeUndefined();
    await commitAt(
      { [requestPath('team-a')]: requestFile('team-a', 'true') },
      'Re-run team-a/ci again',
      10,
    );
    expect(await since()).toBe(10);
    // A label written in the working tree and never committed: git has nothing to remove.
    const local = join(root, 'local');
    await git(root, ['clone', '--quiet', remote, local]);
    await writeFile(
      join(local, PROMISE_PATH),
      PROMISE_FILE.replace(
        'kratix.io/promise-version: v1',
        `kratix.io/promise-version: v1\n    ${LABEL}: "true"`,
      ),
    );
    expect(
      await labelCommittedAt(
        await new RepositoryHistoryReader(local).read(),
        promiseDocument,
      ),
    ).toBeUndefined();
  });

  it('with pull requests leaves main alone and says once that merging a change must remove the label', async () => {
    host = await startFakeGithubPulls({
      owner: 'easyeaty',
      repo: 'platform',
      token: 'gh-token',
    });
    // As merged from a proposal: the label is on main.
    await commitAt(
      { [requestPath('team-a')]: requestFile('team-a', 'true') },
      'Re-run team-a/ci (merged)',
      0,
    );
    const directory = replica();
    const writer = writerAt(directory, true);
    const lines: string[] = [];
    const clock = { now: Date.now() + 700_000 };
    const cleanup = cleanupOf(
      directory,
      writer,
      [requestDocument],
      clock,
      lines,
    );
    const head = await git(remote, ['rev-parse', 'main']);
    expect(await cleanup.round()).toBe(0);
    clock.now += 60_000;
    expect(await cleanup.round()).toBe(0);
    expect(await git(remote, ['rev-parse', 'main'])).toBe(head);
    expect(await git(remote, ['branch', '--list', 'kratix*'])).toBe('');
    expect(host.pulls).toEqual([]);
    const warnings = lines.filter(l => l.startsWith('warn'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(
      `${LABEL} on team-a/ci (Promise jenkins) (${requestPath(
        'team-a',
      )}) was committed`,
    );
    expect(warnings[0]).toContain('until a merged change removes it');
    await expect(
      writer.removeLabel(
        requestPath('team-a'),
        requestDocument.match,
        { key: LABEL, value: 'true' },
        'Clear',
      ),
    ).rejects.toThrow(expect.objectContaining({ name: 'ConflictError' }));
  });

  it('two platforms on one remote make one removal commit and no error; a recent label and one set to another value stay', async () => {
    await commitAt(
      {
        [requestPath('team-a')]: requestFile('team-a', 'true'),
        [requestPath('team-b')]: requestFile('team-b', 'true'),
        [requestPath('team-c')]: requestFile('team-c', 'yes'),
      },
      'Labels: team-a/ci long ago',
      700,
    );
    // team-b/ci's label was set again a moment ago; team-c/ci's is someone else's value.
    await commitAt(
      {
        [requestPath('team-b')]: requestFile('team-b'),
      },
      'Remove the label by hand',
      400,
    );
    await commitAt(
      { [requestPath('team-b')]: requestFile('team-b', 'true') },
      'Re-run team-b/ci',
      100,
    );
    const linesA: string[] = [];
    const linesB: string[] = [];
    const dirA = replica();
    const dirB = replica();
    const a = platformAt(dirA, writerAt(dirA), linesA);
    const b = platformAt(dirB, writerAt(dirB), linesB);
    await Promise.all([a.start(), b.start()]);
    const ownCleanup = (platform: GitOpsKratixPlatform) =>
      (platform as unknown as { labelCleanup: ReconcileLabelCleanup })
        .labelCleanup;
    const removed = await Promise.all([
      ownCleanup(a).round(),
      ownCleanup(b).round(),
    ]);
    // Both may report it: two replicas making the same commit in the same second make the
    // very same commit (same parent, tree, message and time), which lands once.
    expect(removed.reduce((x, y) => x + y)).toBeGreaterThanOrEqual(1);
    const cleared = (await git(remote, ['rev-parse', 'main'])).trim();
    const infos = [linesA, linesB].map(lines =>
      lines.filter(l => l.startsWith('info')),
    );
    expect(infos.map(lines => lines.length)).toEqual(removed);
    expect(infos.flat().filter(l => !l.includes(`(${cleared})`))).toEqual([]);
    expect((await subjects()).filter(s => s.startsWith('Clear'))).toEqual([
      expect.stringMatching(
        new RegExp(
          `^Clear ${LABEL} from team-a/ci \\(Promise jenkins\\): committed 7\\d\\d s ago$`,
        ),
      ),
    ]);
    expect(await onRemote(requestPath('team-a'))).toBe(requestFile('team-a'));
    expect(await onRemote(requestPath('team-b'))).toBe(
      requestFile('team-b', 'true'),
    );
    expect(await onRemote(requestPath('team-c'))).toBe(
      requestFile('team-c', 'yes'),
    );
    expect([...linesA, ...linesB].filter(l => /^(warn|error)/.test(l))).toEqual(
      [],
    );
  });

  it("runs in the platform's poll loop while it is subscribed to, and tells subscribers", async () => {
    await commitAt(
      {
        [PROMISE_PATH]: PROMISE_FILE.replace(
          'v1\n',
          `v1\n    ${LABEL}: "true"\n`,
        ),
      },
      'Re-run Promise jenkins',
      700,
    );
    const directory = replica();
    const platform = new GitOpsKratixPlatform({
      name: 'prod',
      directory,
      writer: writerAt(directory),
      stateStorePaths: ['state'],
      maxAgeMs: 0,
      pollIntervalMs: 50,
    });
    await platform.start();
    let changes = 0;
    const unsubscribe = platform.subscribe(() => changes++);
    try {
      for (
        let i = 0;
        i < 200 &&
        (changes === 0 || (await onRemote(PROMISE_PATH)) !== PROMISE_FILE);
        i++
      )
        await new Promise(r => setTimeout(r, 50));
    } finally {
      unsubscribe();
    }
    expect(await onRemote(PROMISE_PATH)).toBe(PROMISE_FILE);
    expect(changes).toBeGreaterThan(0);
    expect(
      (await platform.listPromises())[0].metadata.labels?.[LABEL],
    ).toBeUndefined();
  });
});
