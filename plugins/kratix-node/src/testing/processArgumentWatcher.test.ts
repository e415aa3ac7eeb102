import { git } from '../gitops/git';
import {
  isGitNetworkCommand,
  watchArgumentLists,
} from './processArgumentWatcher';

describe('watchArgumentLists', () => {
  it('sees every git call started while it watches, however short, and none after', async () => {
    const stop = await watchArgumentLists();
    // `git version` ends within a millisecond: polling alone may miss it.
    for (let i = 0; i < 5; i++) await git(process.cwd(), ['version']);
    await git(process.cwd(), [
      'ls-remote',
      '--get-url',
      'https://user:s3cret@example.invalid/r.git',
    ]);
    const { cmdlines } = await stop();
    expect(
      cmdlines.filter(c => c === 'git version').length,
    ).toBeGreaterThanOrEqual(5);
    const remote = cmdlines.find(isGitNetworkCommand);
    // The argument list is kept whole, so a credential in it would be found.
    expect(remote).toContain('s3cret');
    const after = await watchArgumentLists();
    const { cmdlines: later } = await after();
    expect(later.filter(c => c.includes('s3cret'))).toEqual([]);
  });
});
