import { parse } from 'yaml';
import {
  Destination,
  GitStateStore,
  KratixPromise,
  ResourceRequest,
  StateStore,
} from '../model';
import { Placement } from '../placements';
import { loadFixture, loadFixtures } from '../__testUtils__/fixtures';
import { toDestinationDetail, toRequestDetail } from './buildViews';
import {
  gitCommitBrowseUrl,
  gitFileBrowseUrl,
  redactSecretValues,
  REDACTED_VALUE,
  storeFileUrls,
} from './storeFiles';

const FILE = 'state/eks/resources/team-checkout/jenkins/ci/instance.yaml';

describe('gitFileBrowseUrl', () => {
  it.each([
    [
      'https://github.com/easyeaty/state.git',
      `https://github.com/easyeaty/state/blob/main/${FILE}`,
    ],
    [
      'git@github.com:easyeaty/state.git',
      `https://github.com/easyeaty/state/blob/main/${FILE}`,
    ],
    [
      'ssh://git@github.example.com:2222/easyeaty/state',
      `https://github.example.com/easyeaty/state/blob/main/${FILE}`,
    ],
    [
      'https://gitlab.com/easyeaty/platform/state.git',
      `https://gitlab.com/easyeaty/platform/state/-/blob/main/${FILE}`,
    ],
    [
      'https://gitlab.internal:8443/easyeaty/state',
      `https://gitlab.internal:8443/easyeaty/state/-/blob/main/${FILE}`,
    ],
    [
      'https://bitbucket.org/easyeaty/state.git',
      `https://bitbucket.org/easyeaty/state/src/main/${FILE}`,
    ],
  ])('turns %s into the web page of a file', (url, expected) => {
    expect(gitFileBrowseUrl(url, 'main', FILE)).toBe(expected);
  });

  it('never carries credentials written into the URL', () => {
    const url = gitFileBrowseUrl(
      'https://x-access-token:ghp_secret@github.com/easyeaty/state.git',
      'main',
      'a.yaml',
    );
    expect(url).toBe('https://github.com/easyeaty/state/blob/main/a.yaml');
  });

  it('encodes the branch and path segments but keeps their slashes', () => {
    expect(
      gitFileBrowseUrl(
        'https://github.com/o/r',
        'release/1 0',
        'state/a b/#c.yaml',
      ),
    ).toBe('https://github.com/o/r/blob/release/1%200/state/a%20b/%23c.yaml');
  });

  it.each([
    'file://./',
    './state',
    '/srv/git/state.git',
    'https://git.easyeaty.io/platform/state.git',
    'https://github.com/',
    'ftp://github.com/o/r',
    'not a url',
  ])('gives no page for %s (local, unknown host or no repository)', url => {
    expect(gitFileBrowseUrl(url, 'main', 'a.yaml')).toBeUndefined();
  });
});

describe('gitCommitBrowseUrl', () => {
  it('links a commit on each known host, and nothing for a non-sha', () => {
    const sha = 'a1b2c3d4e5f6';
    expect(gitCommitBrowseUrl('git@github.com:o/r.git', sha)).toBe(
      `https://github.com/o/r/commit/${sha}`,
    );
    expect(gitCommitBrowseUrl('https://gitlab.com/o/r', sha)).toBe(
      `https://gitlab.com/o/r/-/commit/${sha}`,
    );
    expect(gitCommitBrowseUrl('https://bitbucket.org/o/r', sha)).toBe(
      `https://bitbucket.org/o/r/commits/${sha}`,
    );
    expect(gitCommitBrowseUrl('https://github.com/o/r', '../x')).toBe(
      undefined,
    );
  });
});

const stores = (url: string): StateStore[] => {
  const [git, bucket] = loadFixtures<StateStore>('statestores.yaml');
  return [{ ...git, spec: { ...git.spec, url } } as GitStateStore, bucket];
};
const destinations = loadFixtures<Destination>('destinations.yaml');
const placement = (destination: string, files: string[]): Placement => ({
  destination,
  type: 'resource',
  promise: 'jenkins',
  namespace: 'team-checkout',
  resource: 'ci',
  pipeline: 'instance-configure',
  location: files[0].replace(/\/[^/]+$/, ''),
  files,
  state: 'Written',
  source: 'state-store',
  commit: 'abc1234def',
});

describe('storeFileUrls', () => {
  it('links files of a git state store on a known host, not those in a bucket', () => {
    const urls = storeFileUrls(
      [
        placement('eks', ['destinations/eks/resources/x/a.yaml']),
        placement('on-prem-edge', ['destinations/edge/edge.yaml']),
      ],
      destinations,
      stores('https://github.com/easyeaty/state.git'),
    );
    expect(urls).toEqual({
      'destinations/eks/resources/x/a.yaml':
        'https://github.com/easyeaty/state/blob/main/destinations/eks/resources/x/a.yaml',
    });
  });

  it('links nothing for a local repository', () => {
    expect(
      storeFileUrls(
        [placement('eks', ['state/eks/a.yaml'])],
        destinations,
        stores('file://./'),
      ),
    ).toEqual({});
  });
});

describe('redactSecretValues', () => {
  it('hides the values of Secrets and keeps every other document as written', () => {
    const text = [
      '# written by the pipeline',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: settings}',
      'data: {size: small}',
      '---',
      'apiVersion: v1',
      'kind: Secret',
      'metadata: {name: admin}',
      'data:',
      '  password: c2VjcmV0',
      'stringData:',
      '  token: plain',
      '',
    ].join('\n');
    const { content, redacted } = redactSecretValues(text);
    expect(redacted).toBe(true);
    expect(content).not.toMatch(/c2VjcmV0|plain/);
    expect(content).toContain('# written by the pipeline');
    const [config, secret] = content.split(/^---$/m).map(part => parse(part));
    expect(config.data).toEqual({ size: 'small' });
    expect(secret.data).toEqual({ password: REDACTED_VALUE });
    expect(secret.stringData).toEqual({ token: REDACTED_VALUE });
  });

  it('returns a file without Secrets untouched', () => {
    const text = 'kind: ConfigMap\ndata:\n  a: b # keep\n';
    expect(redactSecretValues(text)).toEqual({
      content: text,
      redacted: false,
    });
  });

  it('shows nothing of a broken file that mentions a Secret', () => {
    expect(redactSecretValues('kind: Secret\ndata: [\n')).toEqual({
      content: REDACTED_VALUE,
      redacted: true,
    });
  });
});

describe('toRequestDetail', () => {
  const promise = loadFixture<KratixPromise>('promise-jenkins.yaml');
  const request = (): ResourceRequest => ({
    ...loadFixture<ResourceRequest>('request-jenkins-ready.yaml'),
  });

  it('carries the spec as YAML, the times, the delivering commits and where files open', () => {
    const r = request();
    (r.metadata as any).managedFields = [
      {
        manager: 'backstage',
        operation: 'Update',
        time: '2026-10-04T09:00:00Z',
      },
      {
        manager: 'kratix',
        operation: 'Update',
        subresource: 'status',
        time: '2026-10-05T09:00:00Z',
      },
    ];
    const detail = toRequestDetail('easyeaty', promise, r, {
      placements: [
        placement('eks', ['destinations/eks/resources/x/a.yaml']),
        { ...placement('gke', ['destinations/gke/b.yaml']), commit: 'ffff000' },
      ],
      subRequests: [],
      pipelineRuns: [
        {
          name: 'jenkins-ci-instance-configure-abc1234',
          namespace: 'team-checkout',
          promise: 'jenkins',
          resource: 'ci',
          pipeline: 'instance-configure',
          type: 'resource',
          action: 'configure',
          state: 'Succeeded',
          startTime: '2026-10-03T08:01:00Z',
          completionTime: '2026-10-03T08:01:37Z',
          commit: 'abc1234def',
        },
      ],
      destinations: [
        ...destinations,
        { ...destinations[0], metadata: { name: 'gke' } },
      ],
      stateStores: stores('git@github.com:easyeaty/state.git'),
      filesReadable: false,
    });
    expect(parse(detail.specYaml!)).toEqual({ env: 'dev', agents: 2 });
    expect(detail.times).toEqual({
      created: '2026-10-03T08:00:00Z',
      updated: '2026-10-04T09:00:00Z',
      lastConfigured: '2026-10-03T08:01:37Z',
    });
    expect(detail.deliveries).toEqual([
      {
        commit: 'abc1234def',
        time: '2026-10-03T08:01:37Z',
        destinations: ['eks'],
        url: 'https://github.com/easyeaty/state/commit/abc1234def',
      },
      {
        commit: 'ffff000',
        time: undefined,
        destinations: ['gke'],
        url: 'https://github.com/easyeaty/state/commit/ffff000',
      },
    ]);
    expect(detail.fileUrls).toEqual({
      'destinations/eks/resources/x/a.yaml':
        'https://github.com/easyeaty/state/blob/main/destinations/eks/resources/x/a.yaml',
      'destinations/gke/b.yaml':
        'https://github.com/easyeaty/state/blob/main/destinations/gke/b.yaml',
    });
    expect(detail.filesReadable).toBe(false);
  });

  it('says the files are readable where the platform holds its store, with no web links', () => {
    const detail = toRequestDetail('easyeaty', promise, request(), {
      placements: [placement('eks', ['state/eks/a.yaml'])],
      subRequests: [],
      pipelineRuns: [],
      destinations,
      stateStores: stores('file://./'),
      filesReadable: true,
    });
    expect(detail.fileUrls).toEqual({});
    expect(detail.filesReadable).toBe(true);
    expect(detail.deliveries).toEqual([
      {
        commit: 'abc1234def',
        time: undefined,
        destinations: ['eks'],
        url: undefined,
      },
    ]);
  });
});

describe('toDestinationDetail', () => {
  it('links the files of its own placements through its state store', () => {
    const detail = toDestinationDetail(
      'easyeaty',
      destinations[0],
      [
        placement('eks', ['destinations/eks/resources/x/a.yaml']),
        placement('gke', ['destinations/gke/b.yaml']),
      ],
      {
        stateStores: stores('https://gitlab.com/easyeaty/state'),
        filesReadable: false,
      },
    );
    expect(detail.workloads).toHaveLength(1);
    expect(detail.fileUrls).toEqual({
      'destinations/eks/resources/x/a.yaml':
        'https://gitlab.com/easyeaty/state/-/blob/main/destinations/eks/resources/x/a.yaml',
    });
  });
});
