import {
  Destination,
  KratixPromise,
  ResourceRequest,
  StateStore,
} from '../model';
import {
  readDestinationReadiness,
  readPromiseStatus,
  readRequestStatus,
} from '../status';
import { loadFixture, loadFixtures } from '../__testUtils__/fixtures';
import { Placement } from './Placement';
import {
  withDerivedDestinationStatus,
  withDerivedPromiseStatus,
  withDerivedRequestStatus,
} from './deriveGitOpsStatus';

const landedPlacement: Placement = {
  destination: 'eks',
  type: 'resource',
  promise: 'jenkins',
  namespace: 'team-checkout',
  resource: 'ci',
  location: 'x',
  files: ['x/a.yaml'],
  state: 'Written',
  source: 'state-store',
};

describe('gitops status from the state store', () => {
  const request = (): ResourceRequest => {
    const r = loadFixture<ResourceRequest>('request-jenkins-ready.yaml');
    delete r.status;
    return r;
  };

  it('reads a request with documents in the store as Ready', () => {
    const derived = withDerivedRequestStatus(request(), [landedPlacement]);
    expect(readRequestStatus(derived)).toEqual(
      expect.objectContaining({
        phase: 'Ready',
        reason: 'StateStoreDocumentsFound',
        message: expect.stringMatching(
          /^Derived from the state store: documents written to eks/,
        ),
      }),
    );
  });

  it('reads a request without documents as Pending', () => {
    expect(
      readRequestStatus(withDerivedRequestStatus(request(), [])).phase,
    ).toBe('Pending');
  });

  // The API server drops `status` from a manifest for every kind with a status subresource
  // (Kratix's CRDs declare one: config/crd/bases, `subresources: status`), so a status written
  // into a gitops document is never what Kratix reports.
  it('ignores a status written into a request or Destination document (status subresource)', () => {
    const r = loadFixture<ResourceRequest>('request-postgresql-failing.yaml');
    expect(readRequestStatus(r).phase).toBe('Failing');
    const derived = withDerivedRequestStatus(r, []);
    expect(readRequestStatus(derived)).toEqual(
      expect.objectContaining({
        phase: 'Pending',
        reason: 'AwaitingStateStoreDocuments',
      }),
    );
    const eks = loadFixtures<Destination>('destinations.yaml')[0];
    eks.status = {
      conditions: [{ type: 'Ready', status: 'True', reason: 'Declared' }],
    } as Destination['status'];
    const [store] = loadFixtures<StateStore>('statestores.yaml');
    expect(
      readDestinationReadiness(
        withDerivedDestinationStatus(eks, store, new Set()),
      ).ready,
    ).toBe('Unknown');
  });

  it('makes a Promise available once its documents landed', () => {
    const p = loadFixture<KratixPromise>('promise-jenkins.yaml');
    delete p.status;
    expect(
      readPromiseStatus(withDerivedPromiseStatus(p, [landedPlacement]))
        .availability,
    ).toBe('Available');
    expect(
      readPromiseStatus(withDerivedPromiseStatus(p, [])).availability,
    ).toBe('Unknown');
  });

  it('makes a Destination Ready when its canary files are in the store', () => {
    const eks = loadFixtures<Destination>('destinations.yaml')[0];
    delete eks.status;
    const [store] = loadFixtures<StateStore>('statestores.yaml');
    const files = new Set([
      'destinations/eks/dependencies/kratix-canary-namespace.yaml',
      'destinations/eks/resources/kratix-canary-configmap.yaml',
    ]);
    expect(
      readDestinationReadiness(withDerivedDestinationStatus(eks, store, files))
        .ready,
    ).toBe(true);
    expect(
      readDestinationReadiness(
        withDerivedDestinationStatus(eks, store, new Set()),
      ).ready,
    ).toBe('Unknown');
  });

  // destination_controller.go getCanaryWorkloads writes flat canaries outside
  // nestedByMetadata mode; Kratix v0.125.0 (controllers/destination_controller.go) wrote
  // them nested in every mode, and the scenarios saw it do so.
  it('makes a none-mode Destination Ready from canary files in either layout Kratix has used (getCanaryWorkloads)', () => {
    const eks = loadFixtures<Destination>('destinations.yaml')[0];
    delete eks.status;
    eks.spec.filepath = { mode: 'none' };
    const [store] = loadFixtures<StateStore>('statestores.yaml');
    const ready = (files: string[]) =>
      readDestinationReadiness(
        withDerivedDestinationStatus(eks, store, new Set(files)),
      ).ready;
    expect(
      ready([
        'destinations/eks/kratix-canary-namespace.yaml',
        'destinations/eks/kratix-canary-configmap.yaml',
      ]),
    ).toBe(true);
    expect(
      ready([
        'destinations/eks/dependencies/kratix-canary-namespace.yaml',
        'destinations/eks/resources/kratix-canary-configmap.yaml',
      ]),
    ).toBe(true);
    expect(ready(['destinations/eks/kratix-canary-namespace.yaml'])).toBe(
      'Unknown',
    );
  });

  // internal/controller/destination_controller.go Reconcile: with
  // `spec.initWorkloads.enabled: false` Kratix deletes any canary files and sets Ready.
  it('makes a Destination with initWorkloads disabled Ready without canary files (destination_controller.go Reconcile)', () => {
    const eks = loadFixtures<Destination>('destinations.yaml')[0];
    delete eks.status;
    eks.spec.initWorkloads = { enabled: false };
    const [store] = loadFixtures<StateStore>('statestores.yaml');
    expect(
      readDestinationReadiness(
        withDerivedDestinationStatus(eks, store, new Set()),
      ).ready,
    ).toBe(true);
  });

  it('reads the requirements of a composite Promise from the Promises beside it', () => {
    const webApp = loadFixture<KratixPromise>('promise-web-app.yaml');
    delete webApp.status;
    const jenkins = loadFixture<KratixPromise>('promise-jenkins.yaml');
    const postgresql = loadFixture<KratixPromise>(
      'promise-postgresql-legacy.yaml',
    );
    const nginx = loadFixture<KratixPromise>('promise-nginx-ingress.yaml');
    const landed = { ...landedPlacement, promise: 'web-app' };
    // Required Promises with a Promise workflow count once they have written documents.
    const required = ['jenkins', 'postgresql', 'nginx-ingress'].map(
      promise => ({
        ...landedPlacement,
        promise,
      }),
    );
    const all = [webApp, jenkins, postgresql, nginx];
    const ready = readPromiseStatus(
      withDerivedPromiseStatus(webApp, [landed, ...required], all),
    );
    expect(ready.requirements.map(r => [r.name, r.installed])).toEqual([
      ['jenkins', true],
      ['postgresql', true],
      ['nginx-ingress', true],
    ]);
    expect(ready.availability).toBe('Available');
    jenkins.metadata.labels!['kratix.io/promise-version'] = 'v0.9.0';
    const old = readPromiseStatus(
      withDerivedPromiseStatus(webApp, [landed, ...required], all),
    );
    expect(old.availability).toBe('Unavailable');
    expect(old.requirements[0].state).toBe(
      'Requirement not installed at the specified version',
    );
    expect(
      readPromiseStatus(withDerivedPromiseStatus(webApp, [landed], [webApp]))
        .requirements[0].state,
    ).toBe('Requirement not installed');
  });

  // internal/controller/promise_controller.go evaluateRequirementAgainstRevisions: a required
  // Promise counts only when its status is Available ("Requirement not available"), and a
  // required version is met by any PromiseRevision of it (requiredRevisionExists).
  it('counts a required Promise only when it is Available, at any version it has a revision of (evaluateRequirementAgainstRevisions)', () => {
    const webApp = loadFixture<KratixPromise>('promise-web-app.yaml');
    delete webApp.status;
    const jenkins = loadFixture<KratixPromise>('promise-jenkins.yaml');
    const postgresql = loadFixture<KratixPromise>(
      'promise-postgresql-legacy.yaml',
    );
    const nginx = loadFixture<KratixPromise>('promise-nginx-ingress.yaml');
    const all = [webApp, jenkins, postgresql, nginx];
    const requirementsOf = (
      placements: Placement[],
      retained?: Map<string, Set<string>>,
    ) =>
      readPromiseStatus(
        withDerivedPromiseStatus(webApp, placements, all, {
          retainedVersions: retained,
        }),
      ).requirements.map(r => [r.name, r.state]);
    // jenkins has a Promise workflow and has written nothing yet: not Available.
    const others = ['postgresql', 'nginx-ingress'].map(promise => ({
      ...landedPlacement,
      type: 'dependency' as const,
      promise,
      pipeline: 'promise-configure',
    }));
    const withWorkflow = (p: KratixPromise) =>
      (p.spec.workflows?.promise?.configure ?? []).length > 0;
    expect(withWorkflow(jenkins)).toBe(true);
    expect(requirementsOf(others)).toEqual([
      ['jenkins', 'Requirement not available'],
      ['postgresql', 'Requirement installed'],
      ['nginx-ingress', 'Requirement installed'],
    ]);
    const jenkinsWrote = { ...others[0], promise: 'jenkins' };
    expect(requirementsOf([...others, jenkinsWrote])[0]).toEqual([
      'jenkins',
      'Requirement installed',
    ]);
    // Upgraded since: the version web-app requires is a revision Kratix still keeps.
    const required = webApp.spec.requiredPromises!.find(
      r => r.name === 'jenkins',
    )!.version!;
    jenkins.metadata.labels!['kratix.io/promise-version'] = 'v9.9.9';
    expect(requirementsOf([...others, jenkinsWrote])[0][1]).toBe(
      'Requirement not installed at the specified version',
    );
    expect(
      requirementsOf(
        [...others, jenkinsWrote],
        new Map([['jenkins', new Set([required, 'v9.9.9'])]]),
      )[0][1],
    ).toBe('Requirement installed');
  });

  // internal/controller/promise_controller.go Reconcile: static dependencies are applied before
  // the Promise workflow runs, and Available waits for the workflow; requirements gate only a
  // Promise with an API (`promise.ContainsAPI()`).
  it('counts no static dependency as a Promise workflow run, and lets requirements gate only a Promise with an API (promise_controller.go Reconcile)', () => {
    const jenkins = loadFixture<KratixPromise>('promise-jenkins.yaml');
    delete jenkins.status;
    const staticOnly = {
      ...landedPlacement,
      type: 'dependency' as const,
      promise: 'jenkins',
    };
    expect(
      readPromiseStatus(withDerivedPromiseStatus(jenkins, [staticOnly]))
        .availability,
    ).toBe('Unknown');
    expect(
      readPromiseStatus(
        withDerivedPromiseStatus(jenkins, [
          { ...staticOnly, pipeline: 'promise-configure' },
        ]),
      ).availability,
    ).toBe('Available');
    const nginx = loadFixture<KratixPromise>('promise-nginx-ingress.yaml');
    delete nginx.status;
    expect(nginx.spec.api).toBeUndefined();
    nginx.spec.requiredPromises = [{ name: 'vault' }];
    nginx.spec.workflows = undefined;
    const status = readPromiseStatus(
      withDerivedPromiseStatus(nginx, [], [nginx]),
    );
    expect(status.availability).toBe('Available');
    expect(status.requirements[0].state).toBe('Requirement not installed');
  });

  // destination_controller.go Reconcile: no state store, not ready (StateStoreNotFound),
  // before initWorkloads is looked at.
  it('makes a Destination whose state store is not declared not Ready, initWorkloads or not (destination_controller.go Reconcile)', () => {
    const eks = loadFixtures<Destination>('destinations.yaml')[0];
    delete eks.status;
    eks.spec.initWorkloads = { enabled: false };
    const readiness = readDestinationReadiness(
      withDerivedDestinationStatus(eks, undefined, new Set()),
    );
    expect(readiness.ready).toBe(false);
  });
});
