import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { readPromiseStatus } from '@kratix-backstage/plugin-kratix-common';
import { git } from '../gitops/git';
import { GitOpsKratixPlatform } from './GitOpsKratixPlatform';
import { seededGitOpsPlatform } from '../testing/seededGitOpsPlatform';

// Real git repositories: generous on a loaded 2-core CI machine.
jest.setTimeout(30_000);

/**
 * Requirements as Kratix weighs them (internal/controller/promise_controller.go
 * evaluateRequirementAgainstRevisions): a required version is met by any PromiseRevision of
 * the required Promise, and Kratix keeps one per version until the Promise is deleted.
 */
describe('GitOpsKratixPlatform requirements', () => {
  let directory: string;
  let platform: GitOpsKratixPlatform;

  const commit = async (path: string, doc: unknown, message: string) => {
    if (doc === null) await git(directory, ['rm', '--quiet', path]);
    else await writeFile(join(directory, path), stringify(doc));
    await git(directory, ['add', '--all']);
    await git(directory, ['commit', '--quiet', '-m', message]);
  };
  const jenkinsState = async () =>
    readPromiseStatus(
      (await platform.getPromise('web-app'))!,
    ).requirements.find(r => r.name === 'jenkins')?.state;

  let remove: () => Promise<void>;
  beforeEach(async () => {
    ({ directory, platform, remove } = await seededGitOpsPlatform(
      'kratix-gitops-requirements-',
    ));
  });

  afterEach(() => remove());

  it('meets a required version with a revision kept from before an upgrade, until the Promise is deleted (requiredRevisionExists)', async () => {
    const path = 'platform/promises/jenkins.yaml';
    const jenkins = parse(await readFile(join(directory, path), 'utf8'));
    expect(await jenkinsState()).toBe('Requirement installed');
    const upgraded = {
      ...jenkins,
      metadata: {
        ...jenkins.metadata,
        labels: {
          ...jenkins.metadata.labels,
          'kratix.io/promise-version': 'v2.0.0',
        },
      },
    };
    await commit(path, upgraded, 'Upgrade jenkins to v2.0.0');
    // web-app requires v1.2.0, whose PromiseRevision Kratix keeps.
    expect(await jenkinsState()).toBe('Requirement installed');
    await commit(path, null, 'Delete jenkins');
    await commit(path, upgraded, 'Install jenkins v2.0.0 afresh');
    expect(await jenkinsState()).toBe(
      'Requirement not installed at the specified version',
    );
  });

  // internal/controller/dryrun_controller.go labels a DryRun's ephemeral request and
  // scheduler.go sends a `kratix.io/dry-run: "true"` Destination only dry-run Works.
  it('lists no dry-run request and counts no document on a dry-run Destination toward availability (dryrun_controller.go, scheduler.go)', async () => {
    const request = parse(
      await readFile(
        join(directory, 'requests/jenkins/team-checkout/ci.yaml'),
        'utf8',
      ),
    );
    await commit(
      'requests/jenkins/team-checkout/ci-dry.yaml',
      {
        ...request,
        metadata: {
          ...request.metadata,
          name: 'ci-dry',
          labels: { ...request.metadata.labels, 'kratix.io/dry-run': 'true' },
        },
      },
      'A dry run of ci',
    );
    expect(
      (await platform.listRequests({ promise: 'jenkins' })).map(
        r => r.metadata.name,
      ),
    ).not.toContain('ci-dry');
    // jenkins's Promise workflow wrote only to gke and eks; make them dry-run Destinations.
    for (const name of ['eks', 'gke']) {
      const path = `platform/destinations/${name}.yaml`;
      const doc = parse(await readFile(join(directory, path), 'utf8'));
      doc.metadata.labels = {
        ...doc.metadata.labels,
        'kratix.io/dry-run': 'true',
      };
      await commit(path, doc, `${name} takes dry runs only`);
    }
    expect(
      readPromiseStatus((await platform.getPromise('jenkins'))!).availability,
    ).not.toBe('Available');
  });
});
