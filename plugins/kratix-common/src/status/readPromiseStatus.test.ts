import { KratixPromise } from '../model';
import { loadFixture } from '../__testUtils__/fixtures';
import { readPromiseStatus } from './readPromiseStatus';

const promise = (file: string) => loadFixture<KratixPromise>(file);

describe('readPromiseStatus', () => {
  it('reads the newer layout (status.kratix) of an available Promise', () => {
    const summary = readPromiseStatus(promise('promise-jenkins.yaml'));
    expect(summary).toEqual(
      expect.objectContaining({
        availability: 'Available',
        reason: 'PromiseAvailable',
        version: 'v1.2.0',
        kind: 'jenkins',
        apiVersion: 'marketplace.kratix.io/v1alpha1',
        statusMessage: 'Promise configured',
      }),
    );
    expect(summary.requiredBy).toEqual([
      { name: 'web-app', version: 'v0.3.0', requiredVersion: 'v1.2.0' },
    ]);
    expect(summary.workflow.pipelines).toEqual([
      expect.objectContaining({
        name: 'promise-configure',
        phase: 'Succeeded',
      }),
    ]);
    expect(summary.catchUp.updating).toBe(false);
  });

  it('prefers status.kratix over the top-level copy', () => {
    const p = promise('promise-jenkins.yaml');
    p.status!.version = 'v0.0.1-stale';
    p.status!.kratix!.version = 'v1.2.0';
    expect(readPromiseStatus(p).version).toBe('v1.2.0');
  });

  it('reads the older layout with top-level fields only', () => {
    const summary = readPromiseStatus(
      promise('promise-postgresql-legacy.yaml'),
    );
    expect(summary).toEqual(
      expect.objectContaining({
        availability: 'Available',
        version: 'v1.0.0',
        kind: 'postgresql',
        apiVersion: 'marketplace.kratix.io/v1alpha2',
        lastAvailableTime: '2024-06-11T14:02:31Z',
      }),
    );
    expect(summary.workflow.source).toBe('none');
    expect(summary.catchUp.updating).toBe(false);
  });

  it('falls back to the Available condition and then the version label', () => {
    const p = promise('promise-jenkins.yaml');
    delete p.status!.status;
    delete p.status!.kratix;
    delete p.status!.version;
    const summary = readPromiseStatus(p);
    expect(summary.availability).toBe('Available');
    expect(summary.version).toBe('v1.2.0');
    p.status!.conditions = [
      { type: 'Available', status: 'False', reason: 'PromiseUnavailable' },
    ];
    expect(readPromiseStatus(p).availability).toBe('Unavailable');
    p.status = undefined;
    expect(readPromiseStatus(p).availability).toBe('Unknown');
  });

  it('explains an unavailable Promise with the failed condition and requirement', () => {
    const summary = readPromiseStatus(promise('promise-redis-failing.yaml'));
    expect(summary.availability).toBe('Unavailable');
    expect(summary.reason).toBe('ConfigureWorkflowFailed');
    expect(summary.message).toBe(
      'A Configure Pipeline has failed: promise-configure',
    );
    expect(summary.workflow.failedPipeline).toBe('promise-configure');
    expect(summary.requirements).toEqual([
      {
        name: 'cert-manager',
        version: 'v1.15.0',
        state: 'Requirement not installed at the specified version',
        installed: false,
      },
    ]);
    expect(summary.catchUp.updating).toBe(true);
  });

  it('reads the requirements of a composite Promise', () => {
    const summary = readPromiseStatus(promise('promise-web-app.yaml'));
    expect(summary.requirements.map(r => [r.name, r.installed])).toEqual([
      ['jenkins', true],
      ['postgresql', true],
      ['nginx-ingress', true],
    ]);
  });

  it('marks declared requirements Kratix has not reported as unknown', () => {
    const p = promise('promise-web-app.yaml');
    p.status!.requiredPromises = [];
    expect(readPromiseStatus(p).requirements[0]).toEqual(
      expect.objectContaining({
        state: 'Requirement state unknown',
        installed: false,
      }),
    );
  });

  it('reads an API-less Promise without kind or apiVersion', () => {
    const summary = readPromiseStatus(promise('promise-nginx-ingress.yaml'));
    expect(summary.availability).toBe('Available');
    expect(summary.kind).toBeUndefined();
    expect(summary.apiVersion).toBeUndefined();
    expect(summary.version).toBe('v1.0.0-beta.2');
  });

  it('reads paused and suspended Promises from labels and conditions', () => {
    const p = promise('promise-jenkins.yaml');
    p.metadata.labels!['kratix.io/paused'] = 'true';
    expect(readPromiseStatus(p).availability).toBe('Paused');
    const s = promise('promise-jenkins.yaml');
    s.status!.conditions = [
      {
        type: 'Available',
        status: 'False',
        reason: 'WorkflowSuspended',
        message: 'Suspended',
      },
    ];
    s.status!.kratix!.workflows!.pipelines = [
      {
        name: 'promise-configure',
        phase: 'Suspended',
        message: 'awaiting approval',
      },
    ];
    expect(readPromiseStatus(s)).toEqual(
      expect.objectContaining({
        availability: 'Suspended',
        message: 'awaiting approval',
      }),
    );
  });
});
