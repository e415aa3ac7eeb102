import {
  Destination,
  KratixPromise,
  PromiseRelease,
  StateStore,
} from '../model';
import { readPromiseStatus } from '../status';
import {
  releaseInstalls,
  toDestinationListItem,
  toPromiseDetail,
  toPromiseListItem,
  toPromiseReleaseView,
} from '../views';
import { loadFixture, loadFixtures } from '../__testUtils__/fixtures';
import { Placement } from './Placement';
import {
  DERIVED_STATUS_REASONS,
  isDerivedStatus,
  requiredByOf,
  STATE_STORE_REASON,
  withDerivedDestinationStatus,
  withDerivedPromiseStatus,
} from './deriveGitOpsStatus';

/** Every reason Kratix itself writes on Promises and Destinations (reference §1.1, §4). */
const KRATIX_REASONS = [
  'RequirementsInstalled',
  'RequirementsNotInstalled',
  'RequirementsNotAvailable',
  'PipelinesExecutedSuccessfully',
  'PipelinesInProgress',
  'ConfigureWorkflowFailed',
  'WorksSucceeded',
  'WorksFailing',
  'WorksMisplaced',
  'WorksPending',
  'PromiseAvailable',
  'PromiseUnavailable',
  'PausedReconciliation',
  'WorkflowSuspended',
  'Reconciled',
  'WorkflowPending',
  'RequirementsNotFulfilled',
  'TestDocumentsWritten',
];

const declared = (name: string): KratixPromise => {
  const p = loadFixture<KratixPromise>(`promise-${name}.yaml`);
  delete p.status;
  return p;
};

/** Documents a Promise workflow wrote (static dependencies show nothing of the workflow). */
const placement = (promise: string): Placement => ({
  destination: 'platform',
  type: 'dependency',
  promise,
  pipeline: 'promise-configure',
  location: 'x',
  files: ['x/a.yaml'],
  state: 'Written',
  source: 'state-store',
});

/** The seed's composite: web-app requires jenkins, postgresql and nginx-ingress. */
function composite() {
  const webApp = declared('web-app');
  const jenkins = declared('jenkins');
  const postgresql = declared('postgresql-legacy');
  const nginx = declared('nginx-ingress');
  return { webApp, jenkins, postgresql, nginx };
}

describe('required-by in gitops mode', () => {
  it('names the Promises whose spec.requiredPromises name this one, in the shape Kratix writes', () => {
    const { webApp, jenkins, postgresql, nginx } = composite();
    const all = [webApp, jenkins, postgresql, nginx];
    expect(requiredByOf(jenkins, all)).toEqual([
      {
        promise: { name: 'web-app', version: 'v0.3.0' },
        requiredVersion: 'v1.2.0',
      },
    ]);
    expect(requiredByOf(nginx, all)).toEqual([
      {
        promise: { name: 'web-app', version: 'v0.3.0' },
        requiredVersion: undefined,
      },
    ]);
    expect(requiredByOf(webApp, all)).toEqual([]);
  });

  it('makes the Promise detail show the same required-by as a status Kratix wrote', () => {
    const { webApp, jenkins, postgresql, nginx } = composite();
    const all = [webApp, jenkins, postgresql, nginx];
    const context = { requestCount: 0, destinations: [], placements: [] };
    // Kubernetes mode: Kratix wrote status.requiredBy on jenkins.
    const reported = toPromiseDetail(
      'p',
      loadFixture<KratixPromise>('promise-jenkins.yaml'),
      context,
    );
    // Gitops mode: worked out from the Promises declared beside it.
    const derived = toPromiseDetail(
      'p',
      withDerivedPromiseStatus(jenkins, [placement('jenkins')], all),
      context,
    );
    expect(reported.requiredBy).toEqual([
      { name: 'web-app', version: 'v0.3.0', requiredVersion: 'v1.2.0' },
    ]);
    expect(derived.requiredBy).toEqual(reported.requiredBy);
    expect(derived.status.requiredBy).toEqual(reported.status.requiredBy);
  });
});

describe('a Promise status derived in gitops mode', () => {
  it('ignores a declared status and works availability out from the state store', () => {
    const jenkins = loadFixture<KratixPromise>('promise-jenkins.yaml');
    expect(readPromiseStatus(jenkins).availability).toBe('Available');
    const awaiting = readPromiseStatus(
      withDerivedPromiseStatus(jenkins, [], [jenkins]),
    );
    expect(awaiting).toEqual(
      expect.objectContaining({
        availability: 'Unknown',
        reason: DERIVED_STATUS_REASONS.awaitingDocuments,
      }),
    );
    const landed = readPromiseStatus(
      withDerivedPromiseStatus(jenkins, [placement('jenkins')], [jenkins]),
    );
    expect(landed).toEqual(
      expect.objectContaining({
        availability: 'Available',
        reason: STATE_STORE_REASON,
        message:
          "Documents found in the state store for platform (derived: no cluster reports this Promise's status)",
      }),
    );
    // Nothing of what the manifest declared survives: not its conditions, not its counters.
    expect(landed.conditions.map(c => c.reason)).toEqual([STATE_STORE_REASON]);
    expect(landed.requiredBy).toEqual([]);
  });

  it('says a missing requirement in Kratix wording, with a reason of the suite own', () => {
    const { webApp, jenkins } = composite();
    const status = readPromiseStatus(
      withDerivedPromiseStatus(
        webApp,
        // jenkins has a Promise workflow: Available once it has written its documents.
        [placement('web-app'), placement('jenkins')],
        [webApp, jenkins],
      ),
    );
    expect(status.availability).toBe('Unavailable');
    expect(status.reason).toBe('RequiredPromisesMissing');
    expect(status.message).toMatch(/postgresql \(Requirement not installed\)/);
    expect(status.requirements.map(r => [r.name, r.state])).toEqual([
      ['jenkins', 'Requirement installed'],
      ['postgresql', 'Requirement not installed'],
      ['nginx-ingress', 'Requirement not installed'],
    ]);
  });

  it('says a requirement that cannot itself be available is not available', () => {
    const { webApp, jenkins, postgresql, nginx } = composite();
    // jenkins now requires a Promise nobody declared, so it cannot be available.
    jenkins.spec.requiredPromises = [{ name: 'vault' }];
    const all = [webApp, jenkins, postgresql, nginx];
    const status = readPromiseStatus(
      withDerivedPromiseStatus(webApp, [placement('web-app')], all),
    );
    expect(status.requirements[0]).toEqual(
      expect.objectContaining({
        name: 'jenkins',
        state: 'Requirement not available',
        installed: false,
      }),
    );
    expect(status.availability).toBe('Unavailable');
    // Requirements in a circle can never be met (they gate Promises with an API).
    const a: KratixPromise = {
      ...declared('nginx-ingress'),
      metadata: { name: 'a' },
      spec: {
        api: declared('jenkins').spec.api,
        requiredPromises: [{ name: 'b' }],
      },
    };
    const b: KratixPromise = {
      ...a,
      metadata: { name: 'b' },
      spec: { ...a.spec, requiredPromises: [{ name: 'a' }] },
    };
    expect(
      readPromiseStatus(withDerivedPromiseStatus(a, [], [a, b])).requirements[0]
        .state,
    ).toBe('Requirement not available');
  });

  it('uses only reasons Kratix never writes, so the views can say it is derived', () => {
    const { webApp, jenkins, postgresql, nginx } = composite();
    const all = [webApp, jenkins, postgresql, nginx];
    const derived = [
      withDerivedPromiseStatus(webApp, [], [webApp]),
      withDerivedPromiseStatus(webApp, [placement('web-app')], all),
      withDerivedPromiseStatus(jenkins, [], all),
    ];
    for (const promise of derived) {
      const reasons = promise.status!.conditions!.map(c => c.reason);
      expect(reasons.filter(r => KRATIX_REASONS.includes(r!))).toEqual([]);
      expect(isDerivedStatus(promise.status)).toBe(true);
      expect(toPromiseListItem('p', promise, 0).statusSource).toBe(
        'state-store',
      );
    }
    const reported = loadFixture<KratixPromise>('promise-jenkins.yaml');
    expect(isDerivedStatus(reported.status)).toBe(false);
    expect(toPromiseListItem('p', reported, 0).statusSource).toBe('kratix');
  });

  it('marks a Destination readiness derived from canary files, not one Kratix wrote', () => {
    const [eks] = loadFixtures<Destination>('destinations.yaml');
    const [store] = loadFixtures<StateStore>('statestores.yaml');
    expect(toDestinationListItem('p', eks, []).statusSource).toBe('kratix');
    const bare = { ...eks, status: undefined };
    const files = new Set([
      'destinations/eks/dependencies/kratix-canary-namespace.yaml',
      'destinations/eks/resources/kratix-canary-configmap.yaml',
    ]);
    for (const found of [files, new Set<string>()]) {
      const derived = withDerivedDestinationStatus(bare, store, found);
      const item = toDestinationListItem('p', derived, []);
      expect(item.statusSource).toBe('state-store');
      expect(KRATIX_REASONS).not.toContain(item.ready.reason);
    }
    expect(
      toDestinationListItem(
        'p',
        withDerivedDestinationStatus(bare, store, files),
        [],
      ).ready,
    ).toEqual(
      expect.objectContaining({
        ready: true,
        reason: DERIVED_STATUS_REASONS.canaryFilesFound,
      }),
    );
  });
});

describe('PromiseReleases', () => {
  const release = (name: string): PromiseRelease => ({
    apiVersion: 'platform.kratix.io/v1alpha1',
    kind: 'PromiseRelease',
    metadata: { name },
    spec: {
      version: 'v1.2.0',
      sourceRef: {
        type: 'http',
        url: 'https://raw.githubusercontent.com/syntasso/kratix-marketplace/main/jenkins/promise.yaml',
      },
    },
  });

  // Kratix internal/controller/promiserelease_controller.go installPromise: the Promise a
  // release installs is whatever the document at its URL names, labelled
  // kratix.io/promise-release-name=<release> and controlled by the release.
  it('finds the Promise a release installs by the label or owner reference Kratix sets, never by name (promiserelease_controller.go installPromise)', () => {
    const jenkins = declared('jenkins');
    // Named like the release, but nothing says the release installed it.
    expect(releaseInstalls(release('jenkins'), jenkins)).toBe(false);
    expect(
      toPromiseReleaseView('p', release('jenkins'), [jenkins]).promise,
    ).toBe(undefined);
    jenkins.metadata.labels = {
      ...jenkins.metadata.labels,
      'kratix.io/promise-release-name': 'ci',
    };
    expect(releaseInstalls(release('ci'), jenkins)).toBe(true);
    // A labelled Promise belongs to the release its label names, whatever its name.
    expect(releaseInstalls(release('jenkins'), jenkins)).toBe(false);
    expect(
      toPromiseReleaseView('p', release('ci'), [declared('web-app'), jenkins]),
    ).toEqual({
      platform: 'p',
      name: 'ci',
      version: 'v1.2.0',
      sourceType: 'http',
      sourceUrl:
        'https://raw.githubusercontent.com/syntasso/kratix-marketplace/main/jenkins/promise.yaml',
      promise: 'jenkins',
      status: undefined,
    });
    expect(toPromiseReleaseView('p', release('vault'), [jenkins]).promise).toBe(
      undefined,
    );
    // ctrl.SetControllerReference: the controlling owner names the release too.
    const owned = declared('nginx-ingress');
    owned.metadata.ownerReferences = [
      {
        apiVersion: 'platform.kratix.io/v1alpha1',
        kind: 'PromiseRelease',
        name: 'ingress',
        controller: true,
      },
    ];
    expect(releaseInstalls(release('ingress'), owned)).toBe(true);
    expect(releaseInstalls(release('nginx-ingress'), owned)).toBe(false);
  });

  it('shows the release that installs a Promise on its detail view', () => {
    const jenkins = declared('jenkins');
    jenkins.metadata.labels = {
      ...jenkins.metadata.labels,
      'kratix.io/promise-release-name': 'jenkins',
    };
    const detail = toPromiseDetail('p', jenkins, {
      requestCount: 0,
      destinations: [],
      placements: [],
      releases: [release('other'), release('jenkins')],
    });
    expect(detail.release).toEqual(
      expect.objectContaining({
        name: 'jenkins',
        version: 'v1.2.0',
        promise: 'jenkins',
      }),
    );
    expect(
      toPromiseDetail('p', declared('nginx-ingress'), {
        requestCount: 0,
        destinations: [],
        placements: [],
        releases: [release('jenkins')],
      }).release,
    ).toBeUndefined();
  });
});
