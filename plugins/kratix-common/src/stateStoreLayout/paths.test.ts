import {
  canaryPaths,
  nestedPlacementFolder,
  noneModeStateFile,
  placementLocation,
  staticDependenciesPath,
} from './paths';
import { parseStorePath, StoreDestination } from './parseStorePath';

const request = {
  storePath: 'platform/',
  destinationPath: 'worker-1',
  promise: 'redis',
  namespace: 'default',
  resource: 'example',
  pipeline: 'instance-configure',
};

describe('state-store layout', () => {
  it('places request output under resources/<ns>/<promise>/<request>/<pipeline>/<id5>', () => {
    expect(nestedPlacementFolder(request)).toBe(
      'platform/worker-1/resources/default/redis/example/instance-configure/5058f',
    );
  });

  it('places Promise output under dependencies/<promise>/<pipeline>/<id5>', () => {
    expect(
      nestedPlacementFolder({
        storePath: 'platform',
        destinationPath: 'worker-1',
        promise: 'redis',
        pipeline: 'promise-configure',
      }),
    ).toBe('platform/worker-1/dependencies/redis/promise-configure/5058f');
  });

  it('names directory-scheduled groups by the md5 of the directory', () => {
    expect(
      nestedPlacementFolder({ ...request, directory: 'backstage' }),
    ).toMatch(/\/5cfaf$/);
  });

  it('treats "." and "/" destination paths and missing store paths as the root', () => {
    expect(
      nestedPlacementFolder({
        ...request,
        storePath: undefined,
        destinationPath: '.',
      }),
    ).toBe('resources/default/redis/example/instance-configure/5058f');
    expect(
      nestedPlacementFolder({
        ...request,
        storePath: '/',
        destinationPath: '/',
      }),
    ).toBe('resources/default/redis/example/instance-configure/5058f');
  });

  it('puts static dependencies at dependencies/<promise>/5058f/static', () => {
    expect(staticDependenciesPath('destinations/', 'eks', 'postgresql')).toBe(
      'destinations/eks/dependencies/postgresql/5058f/static/postgresql-dependencies.yaml',
    );
  });

  it('locates placements for every filepath mode', () => {
    expect(
      placementLocation(request, {
        mode: 'aggregatedYAML',
        filename: 'edge.yaml',
      }),
    ).toEqual({
      kind: 'file',
      path: 'platform/worker-1/edge.yaml',
    });
    expect(placementLocation(request, { mode: 'aggregatedYAML' }).path).toBe(
      'platform/worker-1/aggregated.yaml',
    );
    expect(placementLocation(request, { mode: 'none' })).toEqual({
      kind: 'folder',
      path: 'platform/worker-1',
    });
    expect(placementLocation(request).path).toBe(
      nestedPlacementFolder(request),
    );
    expect(
      noneModeStateFile(
        'platform',
        'worker-1',
        'default',
        'redis-x.worker-1-5058f',
      ),
    ).toBe('platform/worker-1/.kratix/default-redis-x.worker-1-5058f.yaml');
  });

  it('lists canary files per mode', () => {
    expect(canaryPaths('s', 'd')).toEqual([
      's/d/dependencies/kratix-canary-namespace.yaml',
      's/d/resources/kratix-canary-configmap.yaml',
    ]);
    expect(canaryPaths('s', 'd', 'none')).toEqual([
      's/d/kratix-canary-namespace.yaml',
      's/d/kratix-canary-configmap.yaml',
    ]);
  });
});

describe('parseStorePath', () => {
  const destinations: StoreDestination[] = [
    { name: 'worker-1', path: 'worker-1' },
    {
      name: 'edge',
      path: 'edge',
      mode: 'aggregatedYAML',
      filename: 'edge.yaml',
    },
    { name: 'flat', path: 'flat', mode: 'none' },
  ];
  const parse = (path: string) =>
    parseStorePath(path, { storePath: 'platform/', destinations });

  it('round-trips request and Promise placements', () => {
    expect(
      parse(`${nestedPlacementFolder(request)}/redis-instance.yaml`),
    ).toEqual({
      type: 'resource',
      destination: 'worker-1',
      namespace: 'default',
      promise: 'redis',
      resource: 'example',
      pipeline: 'instance-configure',
      id5: '5058f',
      file: 'redis-instance.yaml',
    });
    expect(
      parse(
        'platform/worker-1/dependencies/redis/promise-configure/5058f/redis-operator.yaml',
      ),
    ).toEqual({
      type: 'dependency',
      destination: 'worker-1',
      promise: 'redis',
      pipeline: 'promise-configure',
      id5: '5058f',
      file: 'redis-operator.yaml',
    });
    expect(
      parse(staticDependenciesPath('platform', 'worker-1', 'postgresql')),
    ).toEqual(
      expect.objectContaining({
        type: 'dependency',
        promise: 'postgresql',
        file: 'static/postgresql-dependencies.yaml',
      }),
    );
  });

  it('keeps sub-folders of the output in the file path', () => {
    expect(
      parse(
        'platform/worker-1/resources/ns/kafka/k1/configure/5cfaf/backstage/x.yaml',
      ),
    ).toEqual(
      expect.objectContaining({ id5: '5cfaf', file: 'backstage/x.yaml' }),
    );
  });

  it('recognises canaries, aggregated files and none-mode state files', () => {
    expect(
      parse('platform/worker-1/dependencies/kratix-canary-namespace.yaml').type,
    ).toBe('canary');
    expect(parse('platform/edge/kratix-canary-configmap.yaml').type).toBe(
      'canary',
    );
    expect(parse('platform/edge/edge.yaml').type).toBe('aggregated');
    expect(parse('platform/flat/.kratix/default-wp.yaml').type).toBe(
      'kratix-state',
    );
    expect(parse('platform/flat/deployment.yaml')).toEqual({
      type: 'flat',
      destination: 'flat',
      file: 'deployment.yaml',
    });
  });

  it('says unrecognised for anything else', () => {
    expect(parse('elsewhere/file.yaml')).toEqual({
      type: 'unrecognised',
      path: 'elsewhere/file.yaml',
    });
    expect(parse('platform/worker-1/resources/too/short.yaml').type).toBe(
      'unrecognised',
    );
  });
});
