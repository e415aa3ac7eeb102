import { ConfigReader } from '@backstage/config';
import { readKratixConfig } from './readKratixConfig';

const read = (kratix: any) => readKratixConfig(new ConfigReader({ kratix }));

describe('readKratixConfig', () => {
  it('falls back to the embedded platform when none is configured', () => {
    const config = readKratixConfig(new ConfigReader({}));
    expect(config.platforms).toEqual([]);
    expect(config.embedded).toEqual(expect.objectContaining({ name: 'easyeaty' }));
  });

  it('reads a gitops platform with defaults', () => {
    const config = read({ platforms: [{ name: 'prod', repository: { path: '/srv/platform' } }] });
    expect(config.embedded).toBeUndefined();
    expect(config.platforms).toEqual([
      {
        name: 'prod',
        title: undefined,
        mode: 'gitops',
        repositoryPath: '/srv/platform',
        platformPath: '.',
        stateStorePaths: ['state'],
      },
    ]);
  });

  it.each([
    [{ platforms: [{ repository: { path: '/x' } }] }, 'kratix.platforms[0].name'],
    [{ platforms: [{ name: 'Bad_Name', repository: { path: '/x' } }] }, 'kratix.platforms[0].name'],
    [{ platforms: [{ name: 'a', mode: 'magic', repository: { path: '/x' } }] }, 'kratix.platforms[0].mode'],
    [{ platforms: [{ name: 'a', mode: 'kubernetes' }] }, 'kratix.platforms[0].mode'],
    [{ platforms: [{ name: 'a' }] }, 'kratix.platforms[0].repository.path'],
    [
      { platforms: [{ name: 'a', repository: { path: '/x' } }, { name: 'a', repository: { path: '/y' } }] },
      'kratix.platforms[1].name',
    ],
  ])('names the key of a bad setting (%#)', (kratix, key) => {
    expect(() => read(kratix)).toThrow(`Invalid Kratix configuration at ${key}:`);
  });
});
