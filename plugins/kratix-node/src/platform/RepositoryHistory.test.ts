import { parseHistory, RepositoryHistory } from './RepositoryHistory';

const RS = '\x1e';
const US = '\x1f';

describe('RepositoryHistory', () => {
  const output = [
    `${RS}c3${US}2026-03-03T00:00:00Z${US}kratix${US}Update from: b\n\nM\tstate/eks/resources/ns/p/r/pipe/5058f/a.yaml\nD\tstate/eks/resources/ns/p/r/pipe/5058f/old.yaml\n`,
    `${RS}c2${US}2026-03-02T00:00:00Z${US}someone${US}Update r\n\nM\trequests/p/ns/r.yaml\n`,
    `${RS}c1${US}2026-03-01T00:00:00Z${US}seed${US}Seed\n\nA\trequests/p/ns/r.yaml\nA\tstate/eks/resources/ns/p/r/pipe/5058f/old.yaml\nA\tREADME.md\n`,
  ].join('');

  it('parses git log --name-status output, newest first', () => {
    expect(parseHistory(output)).toEqual([
      {
        sha: 'c3',
        time: '2026-03-03T00:00:00Z',
        author: 'kratix',
        subject: 'Update from: b',
        changes: [
          { status: 'M', path: 'state/eks/resources/ns/p/r/pipe/5058f/a.yaml' },
          {
            status: 'D',
            path: 'state/eks/resources/ns/p/r/pipe/5058f/old.yaml',
          },
        ],
      },
      expect.objectContaining({ sha: 'c2' }),
      expect.objectContaining({ sha: 'c1' }),
    ]);
  });

  it('finds the last commit that touched a file, a folder, and every touch of a file', () => {
    const history = new RepositoryHistory('c3', parseHistory(output));
    expect(history.lastTouchOf('requests/p/ns/r.yaml')).toBe(1);
    expect(history.touchesOf('requests/p/ns/r.yaml')).toEqual([1, 2]);
    expect(
      history.lastTouchUnder('state/eks/resources/ns/p/r/pipe/5058f'),
    ).toBe(0);
    expect(history.lastTouchUnder('state/eks/resources/ns/p/r/')).toBe(0);
    expect(history.lastTouchUnder('README.md')).toBe(2);
    expect(history.lastTouchUnder('state/gke')).toBeUndefined();
    expect(history.lastTouchOf('nowhere.yaml')).toBeUndefined();
  });
});
