import { KratixPromise } from '../model';
import { loadFixture } from '../__testUtils__/fixtures';
import {
  asPromiseDocument,
  isAllowedHost,
  parseMarketplaceIndex,
  promiseDocumentUrl,
  withInstallState,
} from './marketplace';

describe('marketplace', () => {
  const index = parseMarketplaceIndex([
    {
      name: 'redis',
      description: 'Redis',
      url: 'https://github.com/syntasso/kratix-marketplace/tree/main/redis',
      categories: ['Data'],
    },
    {
      name: 'postgresql',
      url: 'https://github.com/syntasso/promise-postgresql',
      categories: ['Data', 7],
    },
    {
      name: 'jenkins',
      url: 'https://github.com/syntasso/kratix-marketplace/tree/main/jenkins/',
      categories: ['CI/CD'],
    },
    { description: 'no name' },
    'junk',
  ]);

  it('reads the catalogue, dropping malformed entries', () => {
    expect(index.map(e => [e.name, e.categories])).toEqual([
      ['redis', ['Data']],
      ['postgresql', ['Data']],
      ['jenkins', ['CI/CD']],
    ]);
    expect(() => parseMarketplaceIndex({})).toThrow('JSON array');
  });

  it('derives the promise.yaml to fetch', () => {
    expect(promiseDocumentUrl(index[0])).toBe(
      'https://raw.githubusercontent.com/syntasso/kratix-marketplace/main/redis/promise.yaml',
    );
    expect(promiseDocumentUrl(index[1])).toBe(
      'https://raw.githubusercontent.com/syntasso/promise-postgresql/main/promise.yaml',
    );
    expect(promiseDocumentUrl(index[2])).toBe(
      'https://raw.githubusercontent.com/syntasso/kratix-marketplace/main/jenkins/promise.yaml',
    );
    expect(
      promiseDocumentUrl({ ...index[0], promiseUrl: 'https://x/p.yaml' }),
    ).toBe('https://x/p.yaml');
  });

  it('allows only configured hosts', () => {
    const hosts = ['raw.githubusercontent.com', '.corp.example'];
    expect(isAllowedHost('https://raw.githubusercontent.com/a/b', hosts)).toBe(
      true,
    );
    expect(isAllowedHost('https://promises.corp.example/a', hosts)).toBe(true);
    expect(isAllowedHost('https://evil.example/a', hosts)).toBe(false);
    expect(
      isAllowedHost('https://raw.githubusercontent.com.evil.example/a', hosts),
    ).toBe(false);
    expect(isAllowedHost('file:///etc/passwd', hosts)).toBe(false);
    expect(isAllowedHost('not a url', hosts)).toBe(false);
  });

  it('refuses plain http unless the host is also named insecure', () => {
    const hosts = ['raw.githubusercontent.com', '.corp.example'];
    expect(isAllowedHost('http://raw.githubusercontent.com/a/b', hosts)).toBe(
      false,
    );
    expect(
      isAllowedHost('http://promises.corp.example/a', hosts, [
        'promises.corp.example',
      ]),
    ).toBe(true);
    expect(
      isAllowedHost('http://evil.example/a', hosts, ['evil.example']),
    ).toBe(false);
  });

  it('marks what the platform already has', () => {
    const jenkins = loadFixture<KratixPromise>('promise-jenkins.yaml');
    const listing = withInstallState(index, [jenkins]);
    expect(listing.find(l => l.name === 'jenkins')).toEqual(
      expect.objectContaining({ installed: true, installedVersion: 'v1.2.0' }),
    );
    expect(listing.find(l => l.name === 'redis')?.installed).toBe(false);
  });

  it('offers an upgrade only when the catalogue has a newer version than the platform', () => {
    const jenkins = loadFixture<KratixPromise>('promise-jenkins.yaml');
    const entry = index.find(e => e.name === 'jenkins')!;
    const upgrade = (version?: string) =>
      withInstallState([{ ...entry, version }], [jenkins])[0].upgradeTo;
    expect(upgrade('v1.3.0')).toBe('v1.3.0');
    expect(upgrade('v1.2.0')).toBeUndefined();
    expect(upgrade('v1.1.0')).toBeUndefined();
    expect(upgrade(undefined)).toBeUndefined();
    expect(
      withInstallState([{ ...entry, version: 'v9.0.0' }], [])[0].upgradeTo,
    ).toBeUndefined();
    expect(
      parseMarketplaceIndex([
        { name: 'a', url: 'https://x/a', version: 'v2' },
      ])[0].version,
    ).toBe('v2');
  });

  it('accepts exactly one Promise document', () => {
    const jenkins = loadFixture<KratixPromise>('promise-jenkins.yaml');
    expect(asPromiseDocument([jenkins]).metadata.name).toBe('jenkins');
    expect(() => asPromiseDocument([{ kind: 'ConfigMap' }])).toThrow(
      'found: ConfigMap',
    );
    expect(() => asPromiseDocument([jenkins, jenkins])).toThrow('Expected one');
    expect(() =>
      asPromiseDocument([{ ...jenkins, metadata: { name: '../x' } }]),
    ).toThrow('not a valid Kubernetes name');
  });
});
