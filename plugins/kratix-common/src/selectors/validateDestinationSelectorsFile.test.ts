import { validateDestinationSelectorsFile } from './validateDestinationSelectorsFile';

describe('validateDestinationSelectorsFile', () => {
  it('accepts a valid file', () => {
    expect(
      validateDestinationSelectorsFile([
        { matchLabels: { environment: 'dev' } },
        { directory: 'backstage', matchLabels: { environment: 'backstage' } },
        { directory: 'docs/', matchLabels: { team: 'docs' } },
      ]),
    ).toEqual([]);
  });

  it('accepts an empty file or an empty list', () => {
    expect(validateDestinationSelectorsFile(null)).toEqual([]);
    expect(validateDestinationSelectorsFile(undefined)).toEqual([]);
    expect(validateDestinationSelectorsFile([])).toEqual([]);
  });

  it('rejects sub-directories', () => {
    expect(
      validateDestinationSelectorsFile([
        { directory: 'a/b', matchLabels: { x: 'y' } },
      ]),
    ).toEqual([
      'entry 0: directory "a/b" is a sub-directory; only top-level directories are allowed',
    ]);
    expect(
      validateDestinationSelectorsFile([
        { directory: '/a', matchLabels: { x: 'y' } },
      ]),
    ).toEqual([
      'entry 0: directory "/a" is a sub-directory; only top-level directories are allowed',
    ]);
  });

  it('accepts paths that clean to a top-level directory', () => {
    expect(
      validateDestinationSelectorsFile([
        { directory: './a/', matchLabels: { x: 'y' } },
      ]),
    ).toEqual([]);
    expect(
      validateDestinationSelectorsFile([
        { directory: 'b/../a', matchLabels: { x: 'y' } },
      ]),
    ).toEqual([]);
  });

  it('rejects duplicate directories, comparing cleaned paths', () => {
    expect(
      validateDestinationSelectorsFile([
        { directory: 'c', matchLabels: { x: 'y' } },
        { directory: 'c/', matchLabels: { x: 'z' } },
      ]),
    ).toEqual(['entry 1: directory "c" duplicates entry 0']);
  });

  it('rejects two entries for the default group', () => {
    expect(
      validateDestinationSelectorsFile([
        { matchLabels: { x: 'y' } },
        { directory: 'a', matchLabels: { x: 'y' } },
        { directory: '.', matchLabels: { z: 'w' } },
      ]),
    ).toEqual([
      'entry 2: duplicates entry 0; only one entry may target the default group (no directory)',
    ]);
  });

  it('rejects empty or missing matchLabels', () => {
    expect(
      validateDestinationSelectorsFile([
        { directory: 'a', matchLabels: {} },
        { directory: 'b' },
        { directory: 'c', matchLabels: null },
      ]),
    ).toEqual([
      'entry 0: matchLabels must not be empty',
      'entry 1: matchLabels must not be empty',
      'entry 2: matchLabels must not be empty',
    ]);
  });

  it('reports every problem at once', () => {
    expect(
      validateDestinationSelectorsFile([
        { directory: 'a/b', matchLabels: { x: 'y' } },
        { directory: 'c', matchLabels: {} },
        { directory: 'c', matchLabels: { x: 'y' } },
      ]),
    ).toEqual([
      'entry 0: directory "a/b" is a sub-directory; only top-level directories are allowed',
      'entry 1: matchLabels must not be empty',
      'entry 2: directory "c" duplicates entry 1',
    ]);
  });

  it('rejects shapes Kratix cannot parse', () => {
    expect(
      validateDestinationSelectorsFile({ matchLabels: { x: 'y' } }),
    ).toEqual([
      'destination-selectors.yaml must be a list of {directory?, matchLabels} entries',
    ]);
    expect(
      validateDestinationSelectorsFile([
        'backstage',
        { directory: 3, matchLabels: { x: 'y' } },
        { matchLabels: ['x'] },
        { directory: 'd', matchLabels: { replicas: 3, enabled: true } },
      ]),
    ).toEqual([
      'entry 0: must be a map with matchLabels and an optional directory',
      'entry 1: directory must be a string',
      'entry 2: matchLabels must be a map of label keys to values',
      'entry 3: matchLabels.replicas must be a string',
      'entry 3: matchLabels.enabled must be a string',
    ]);
  });
});
