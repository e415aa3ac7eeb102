import { JSONSchemaProps } from '../model/Promise';
import { PromiseRevision, ResourceBinding } from '../model/versioning';
import {
  boundRequestViews,
  countOnOlderRevisions,
  diffApiSchemas,
  diffLines,
  diffPromiseRevisions,
  isRetainedVersion,
  latestRevisionVersion,
  promiseRevisionViews,
  unretainedVersionMessage,
} from '.';

// Shapes from Kratix HEAD: api/v1alpha1/promiserevision_types.go (spec.{promiseRef,
// promiseSpec, version}, status.latest, label kratix.io/latest-revision) and
// api/v1alpha1/resourcebinding_types.go (spec.version, status.{lastAppliedVersion,
// failedVersion}, condition UpgradeSucceeded).
const api = (
  spec: Record<string, JSONSchemaProps>,
  required: string[] = [],
) => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'databases.example.com' },
  spec: {
    group: 'example.com',
    names: { kind: 'Database', plural: 'databases' },
    scope: 'Namespaced',
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: { type: 'object', required, properties: spec },
            },
          },
        },
      },
    ],
  },
});

const revision = (
  version: string,
  createdAt: string,
  options: { latest?: boolean; label?: boolean; promiseSpec?: any } = {},
): PromiseRevision => ({
  apiVersion: 'platform.kratix.io/v1alpha1',
  kind: 'PromiseRevision',
  metadata: {
    name: `database-${version}`,
    creationTimestamp: createdAt,
    labels: {
      // promise.GenerateSharedLabels(), which Kratix lists revisions by (latestRevision).
      'kratix.io/promise-name': 'database',
      ...(options.label && { 'kratix.io/latest-revision': 'true' }),
    },
  },
  spec: {
    promiseRef: { name: 'database' },
    version,
    promiseSpec: options.promiseSpec,
  },
  ...(options.latest !== undefined && { status: { latest: options.latest } }),
});

const binding = (
  name: string,
  version: string,
  status: ResourceBinding['status'] = {},
): ResourceBinding => ({
  apiVersion: 'platform.kratix.io/v1alpha1',
  kind: 'ResourceBinding',
  metadata: {
    name: `${name}-database-abcde`,
    namespace: 'team-a',
    // dynamic_resource_request_controller.go findResourceBinding finds it by these labels.
    labels: {
      'kratix.io/promise-name': 'database',
      'kratix.io/resource-name': name,
    },
  },
  spec: {
    version,
    promiseRef: { name: 'database' },
    resourceRef: { name, namespace: 'team-a' },
  },
  status,
});

describe('revision views', () => {
  it('marks latest by status.latest, as Kratix resolves `latest` (dynamic_resource_request_controller.go latestRevision)', () => {
    const views = promiseRevisionViews('database', [
      revision('v1', '2026-01-01T00:00:00Z', { latest: false }),
      // A stale label on the previous revision does not make it latest: status decides.
      revision('v2', '2026-02-01T00:00:00Z', { latest: false, label: true }),
      revision('v3', '2026-03-01T00:00:00Z', { latest: true, label: true }),
      { ...revision('x', '2026-03-01T00:00:00Z'), metadata: { name: 'other' } },
    ]);
    expect(views.map(v => [v.version, v.latest])).toEqual([
      ['v3', true],
      ['v2', false],
      ['v1', false],
    ]);
    expect(views[0].createdAt).toBe('2026-03-01T00:00:00Z');
    expect(latestRevisionVersion(views)).toBe('v3');
  });

  it('falls back to the kratix.io/latest-revision label before any status is written (promise_controller.go SetLatestRevisionLabel)', () => {
    const views = promiseRevisionViews('database', [
      revision('v1', '2026-01-01T00:00:00Z'),
      revision('v2', '2026-02-01T00:00:00Z', { label: true }),
    ]);
    expect(latestRevisionVersion(views)).toBe('v2');
  });

  it('accepts `latest` and retained versions only (promiseRevisionByExactVersion)', () => {
    const views = promiseRevisionViews('database', [
      revision('v1', '2026-01-01T00:00:00Z', { latest: true }),
    ]);
    expect(isRetainedVersion('latest', views)).toBe(true);
    expect(isRetainedVersion('v1', views)).toBe(true);
    expect(isRetainedVersion('v9', views)).toBe(false);
    const where = { promise: 'database', platform: 'prod' };
    expect(unretainedVersionMessage('v1', views, where)).toBeUndefined();
    expect(unretainedVersionMessage('v9', views, where)).toBe(
      'Version v9 is not a retained revision of Promise database on platform prod; retained: latest, v1',
    );
  });
});

describe('bound requests', () => {
  const bindings = [
    // Floating: `latest` resolves to the latest revision (resourcebinding_controller.go).
    binding('floating', 'latest', { lastAppliedVersion: 'v3' }),
    // Pinned to an old revision and applied there.
    binding('pinned-old', 'v1', { lastAppliedVersion: 'v1' }),
    // Moving from v1 to v3: still runs v1 until the upgrade succeeds.
    binding('upgrading', 'v3', {
      lastAppliedVersion: 'v1',
      conditions: [
        {
          type: 'UpgradeSucceeded',
          status: 'Unknown',
          reason: 'UpgradeInProgress',
          message: 'Upgrading to v3',
        },
      ],
    }),
    // Failed upgrade: failedVersion set, still on v2.
    binding('failed', 'v3', {
      lastAppliedVersion: 'v2',
      failedVersion: 'v3',
      conditions: [
        { type: 'UpgradeSucceeded', status: 'False', reason: 'UpgradeFailed' },
      ],
    }),
  ];

  it('reads strategy, desired, applied and failed versions and the upgrade condition', () => {
    const views = boundRequestViews('database', bindings, 'v3', ref =>
      ref.name === 'pinned-old' ? 'group:default/team-a' : undefined,
    );
    expect(
      views.map(v => [v.name, v.strategy, v.resolvedVersion, v.revision]),
    ).toEqual([
      ['failed', 'pinned', 'v3', 'v2'],
      ['floating', 'floating', 'v3', 'v3'],
      ['pinned-old', 'pinned', 'v1', 'v1'],
      ['upgrading', 'pinned', 'v3', 'v1'],
    ]);
    expect(views[0].failedVersion).toBe('v3');
    expect(views[0].upgrade).toEqual({
      status: 'False',
      reason: 'UpgradeFailed',
    });
    expect(views[2].owner).toBe('group:default/team-a');
    expect(views[3].upgrade?.reason).toBe('UpgradeInProgress');
  });

  it('counts the requests running a revision other than the latest', () => {
    const views = boundRequestViews('database', bindings, 'v3');
    expect(countOnOlderRevisions(views, 'v3')).toBe(3);
    // Control: with every request on the latest revision the count is 0.
    const current = boundRequestViews(
      'database',
      [binding('floating', 'latest', { lastAppliedVersion: 'v3' })],
      'v3',
    );
    expect(countOnOlderRevisions(current, 'v3')).toBe(0);
  });

  it('ignores bindings of other Promises', () => {
    const other = binding('x', 'v1');
    other.metadata.labels!['kratix.io/promise-name'] = 'redis';
    expect(boundRequestViews('database', [other], 'v3')).toEqual([]);
  });
});

describe('revision diffs', () => {
  it('lists added, removed and changed properties with their paths and types', () => {
    const changes = diffApiSchemas(
      api(
        {
          size: { type: 'string', enum: ['small', 'large'] },
          replicas: { type: 'integer' },
          users: {
            type: 'array',
            items: { type: 'object', properties: { name: { type: 'string' } } },
          },
        },
        ['size'],
      ).spec.versions[0].schema.openAPIV3Schema,
      api(
        {
          size: { type: 'string', enum: ['small', 'medium', 'large'] },
          replicas: { type: 'string' },
          users: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                name: { type: 'string' },
                role: { type: 'string' },
              },
            },
          },
          backup: { type: 'boolean' },
        },
        ['backup'],
      ).spec.versions[0].schema.openAPIV3Schema,
    );
    expect(changes).toEqual([
      {
        path: 'spec.backup',
        change: 'added',
        toType: 'boolean',
        details: ['required'],
      },
      {
        path: 'spec.replicas',
        change: 'changed',
        fromType: 'integer',
        toType: 'string',
        details: ['type'],
      },
      {
        path: 'spec.size',
        change: 'changed',
        fromType: 'string',
        toType: 'string',
        details: ['no longer required', 'enum'],
      },
      { path: 'spec.users[].role', change: 'added', toType: 'string' },
    ]);
    expect(diffApiSchemas(undefined, undefined)).toEqual([]);
  });

  it('diffs workflows and dependencies of two revisions as documents', () => {
    const pipeline = (image: string) => ({
      resource: {
        configure: [
          {
            apiVersion: 'platform.kratix.io/v1alpha1',
            kind: 'Pipeline',
            metadata: { name: 'instance' },
            spec: { containers: [{ name: 'create', image }] },
          },
        ],
      },
    });
    const from = revision('v1', '2026-01-01T00:00:00Z', {
      promiseSpec: {
        api: api({ size: { type: 'string' } }),
        workflows: pipeline('example/create:v1'),
      },
    });
    const to = revision('v2', '2026-02-01T00:00:00Z', {
      promiseSpec: {
        api: api({ size: { type: 'string' }, tier: { type: 'string' } }),
        workflows: pipeline('example/create:v2'),
        dependencies: [
          { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'db' } },
        ],
      },
    });
    const diff = diffPromiseRevisions(from, to);
    expect(diff.from).toBe('v1');
    expect(diff.api).toEqual([
      { path: 'spec.tier', change: 'added', toType: 'string' },
    ]);
    expect(diff.workflows.changed).toBe(true);
    expect(
      diff.workflows.lines
        .filter(l => l.op !== ' ')
        .map(l => [l.op, l.text.trim()]),
    ).toEqual([
      ['-', 'image: example/create:v1'],
      ['+', 'image: example/create:v2'],
    ]);
    expect(diff.dependencies.lines.every(l => l.op === '+')).toBe(true);
    expect(diff.requiredPromises.changed).toBe(false);
  });

  it('line diff keeps common lines', () => {
    expect(diffLines('a\nb\nc\n', 'a\nc\nd\n')).toEqual([
      { op: ' ', text: 'a' },
      { op: '-', text: 'b' },
      { op: ' ', text: 'c' },
      { op: '+', text: 'd' },
    ]);
  });
});
