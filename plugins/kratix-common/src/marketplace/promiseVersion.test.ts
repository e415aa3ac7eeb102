import { comparePromiseVersions, newerPromiseVersion } from './promiseVersion';

describe('comparePromiseVersions', () => {
  it.each([
    ['v1.3.0', 'v1.2.0', 1],
    ['v1.2.0', 'v1.3.0', -1],
    ['v1.2.0', '1.2.0', 0],
    ['v1.10.0', 'v1.9.0', 1],
    ['v2', 'v1.9.9', 1],
    ['v1.2', 'v1.2.0', 0],
    ['v1.0.0', 'v1.0.0-beta.2', 1],
    ['v1.0.0-beta.2', 'v1.0.0-beta.10', -1],
    ['v1.0.0-alpha', 'v1.0.0-beta', -1],
    ['v1.0.0-1', 'v1.0.0-alpha', -1],
    ['v1.0.0-beta', 'v1.0.0-beta.1', -1],
    ['v1.0.0+build.5', 'v1.0.0', 0],
  ])('orders %s against %s', (a, b, sign) => {
    expect(Math.sign(comparePromiseVersions(a, b)!)).toBe(sign);
  });

  it('cannot order what is not a version', () => {
    expect(comparePromiseVersions('latest', 'v1.0.0')).toBeUndefined();
    expect(comparePromiseVersions('v1.0.0', 'main')).toBeUndefined();
  });
});

describe('newerPromiseVersion', () => {
  it('offers the available version only when it is newer than the installed one', () => {
    expect(newerPromiseVersion('v1.3.0', 'v1.2.0')).toBe('v1.3.0');
    expect(newerPromiseVersion('v1.2.0', 'v1.2.0')).toBeUndefined();
    expect(newerPromiseVersion('v1.1.0', 'v1.2.0')).toBeUndefined();
    expect(newerPromiseVersion('v1.3.0', undefined)).toBeUndefined();
    expect(newerPromiseVersion(undefined, 'v1.2.0')).toBeUndefined();
    expect(newerPromiseVersion('latest', 'v1.2.0')).toBeUndefined();
  });
});
