import { ResourceRequest } from '../model';
import { readRequestStatus } from '../status';
import { isDerivedStatus } from './deriveGitOpsStatus';
import { Placement } from './Placement';
import { deriveRequestStatus } from './deriveRequestStatus';

const request: ResourceRequest = {
  apiVersion: 'marketplace.kratix.io/v1alpha1',
  kind: 'jenkins',
  metadata: { name: 'ci', namespace: 'team-checkout' },
  spec: { env: 'dev' },
};

const landed: Placement = {
  destination: 'eks',
  type: 'resource',
  promise: 'jenkins',
  namespace: 'team-checkout',
  resource: 'ci',
  pipeline: 'instance-configure',
  location:
    'state/eks/resources/team-checkout/jenkins/ci/instance-configure/5058f',
  files: [
    'state/eks/resources/team-checkout/jenkins/ci/instance-configure/5058f/a.yaml',
  ],
  state: 'Written',
  source: 'state-store',
};

const docs = { sha: 'b'.repeat(40), time: '2026-03-02T10:00:00Z' };
const change = { sha: 'c'.repeat(40), time: '2026-03-03T10:00:00Z' };

describe('deriveRequestStatus', () => {
  it('reads documents written for the current spec as Ready, with each pipeline Succeeded at the delivery', () => {
    const derived = deriveRequestStatus(request, [landed], {
      pipelines: ['instance-configure', 'notify'],
      documentsCommit: docs,
      revisions: { generation: 2, observed: 2 },
    });
    const status = readRequestStatus(derived);
    expect(status).toEqual(
      expect.objectContaining({
        phase: 'Ready',
        reason: 'StateStoreDocumentsFound',
        message:
          'Derived from the state store: documents written to eks in commit bbbbbbb (2026-03-02T10:00:00Z)',
        lastSuccessfulConfigureTime: docs.time,
      }),
    );
    expect(status.workflow.pipelines.map(p => [p.name, p.phase])).toEqual([
      ['instance-configure', 'Succeeded'],
      // A pipeline with no documents of its own is not claimed to have run.
      ['notify', 'Unknown'],
    ]);
    expect(status.catchUp.updating).toBe(false);
    expect(isDerivedStatus(derived.status)).toBe(true);
  });

  it('reads documents older than the request’s last change as updating', () => {
    const derived = deriveRequestStatus(request, [landed], {
      pipelines: ['instance-configure'],
      documentsCommit: docs,
      requestCommit: change,
      outdated: true,
      revisions: { generation: 3, observed: 2 },
    });
    const status = readRequestStatus(derived);
    expect(status).toEqual(
      expect.objectContaining({
        phase: 'Pending',
        reason: 'StateStoreDocumentsOutdated',
        message: expect.stringContaining(
          "before the request's last change (commit ccccccc",
        ),
      }),
    );
    expect(status.workflow.pipelines.map(p => p.phase)).toEqual(['Pending']);
    expect(status.catchUp).toEqual(
      expect.objectContaining({
        updating: true,
        generation: 3,
        observedGeneration: 2,
      }),
    );
    expect(isDerivedStatus(derived.status)).toBe(true);
  });

  it('reads a request with no documents as Pending, awaiting them', () => {
    const status = readRequestStatus(
      deriveRequestStatus(request, [], { pipelines: ['instance-configure'] }),
    );
    expect(status).toEqual(
      expect.objectContaining({
        phase: 'Pending',
        reason: 'AwaitingStateStoreDocuments',
        message: expect.stringMatching(/^Derived from the state store/),
      }),
    );
    expect(status.workflow.pipelines.map(p => p.phase)).toEqual(['Pending']);
  });

  // The API server sets metadata.generation and ignores `status` in a manifest.
  it('ignores a generation and a status written into the document (the API server sets both)', () => {
    const declared = {
      ...request,
      metadata: { ...request.metadata, generation: 7 },
      status: { message: 'Resource requested' },
    };
    const derived = deriveRequestStatus(declared, [landed], {
      revisions: { generation: 1, observed: 1 },
    });
    expect(derived.metadata.generation).toBe(1);
    expect(derived.status?.conditions?.[0].reason).toBe(
      'StateStoreDocumentsFound',
    );
    expect(
      deriveRequestStatus(declared, []).metadata.generation,
    ).toBeUndefined();
  });
});

// Kratix's git writer commits nothing when a pipeline's output did not change
// (lib/writers/git.go commitAndPush: "no changes to be committed"), and the request's
// lastSuccessfulConfigureWorkflowTime is set at every successful run
// (lib/workflow/reconciler.go), not when the output changes.
describe('deriveRequestStatus when the output did not change (commitAndPush)', () => {
  it('reads a run for the current spec that wrote the same documents as Ready, with that run as the last success', () => {
    const run = {
      pipeline: 'instance-configure',
      time: '2026-03-03T10:05:00Z',
      forCurrentSpec: true,
    };
    const derived = deriveRequestStatus(request, [landed], {
      pipelines: ['instance-configure'],
      documentsCommit: docs,
      requestCommit: change,
      outdated: true,
      runs: [run],
      revisions: { generation: 2, observed: 1 },
    });
    const status = readRequestStatus(derived);
    expect(status).toEqual(
      expect.objectContaining({
        phase: 'Ready',
        reason: 'StateStoreDocumentsUnchanged',
        lastSuccessfulConfigureTime: run.time,
      }),
    );
    expect(status.catchUp.updating).toBe(false);
    expect(derived.status?.observedGeneration).toBe(2);
    expect(isDerivedStatus(derived.status)).toBe(true);
  });

  it('stops awaiting new documents once the request has settled, and keeps awaiting before', () => {
    const evidence = {
      pipelines: ['instance-configure'],
      documentsCommit: docs,
      requestCommit: change,
      outdated: true,
    };
    expect(
      readRequestStatus(deriveRequestStatus(request, [landed], evidence))
        .reason,
    ).toBe('StateStoreDocumentsOutdated');
    expect(
      readRequestStatus(
        deriveRequestStatus(request, [landed], { ...evidence, settled: true }),
      ).phase,
    ).toBe('Ready');
    // A run for an earlier spec says nothing about the current one.
    expect(
      readRequestStatus(
        deriveRequestStatus(request, [landed], {
          ...evidence,
          runs: [
            {
              pipeline: 'instance-configure',
              time: '2026-03-03T11:00:00Z',
              forCurrentSpec: false,
            },
          ],
        }),
      ),
    ).toEqual(
      expect.objectContaining({
        reason: 'StateStoreDocumentsOutdated',
        lastSuccessfulConfigureTime: '2026-03-03T11:00:00Z',
      }),
    );
  });
});
