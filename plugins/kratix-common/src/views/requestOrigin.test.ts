import { pullRequestNumberOf, toRequestOrigin } from './requestOrigin';
import { gitPullRequestBrowseUrl } from './storeFiles';

describe('pullRequestNumberOf', () => {
  it.each([
    ['Merge pull request #42 from team-a/jenkins-ci', 42],
    ['Request jenkins team-a/ci (#7)', 7],
    ['Merged in team-a/ci (pull request #13)', 13],
    ["Merge branch 'ci' into 'main' See merge request easyeaty/platform!9", 9],
    ['Request jenkins team-a/ci', undefined],
    ['Fix #12 in the middle of a subject', undefined],
  ])('%s → %s', (subject, number) => {
    expect(pullRequestNumberOf(subject)).toBe(number);
  });
});

describe('toRequestOrigin', () => {
  it('links the commit and the pull request on a known git host', () => {
    expect(
      toRequestOrigin(
        {
          sha: 'abc1234def',
          time: '2026-11-30T10:00:00Z',
          author: 'Ada',
          subject: 'Merge pull request #42 from team-a/ci',
          path: 'requests/ci.yaml',
          created: '2026-11-29T10:00:00Z',
        },
        'git@github.com:easyeaty/platform.git',
      ),
    ).toEqual({
      commit: 'abc1234def',
      time: '2026-11-30T10:00:00Z',
      author: 'Ada',
      subject: 'Merge pull request #42 from team-a/ci',
      created: '2026-11-29T10:00:00Z',
      path: 'requests/ci.yaml',
      url: 'https://github.com/easyeaty/platform/commit/abc1234def',
      pullRequest: {
        number: 42,
        url: 'https://github.com/easyeaty/platform/pull/42',
      },
    });
  });

  it('keeps the number without a link for a local repository, and nothing for a plain commit', () => {
    expect(
      toRequestOrigin({ sha: 'abc1234', subject: 'Title (#3)' }, '/srv/repo'),
    ).toEqual({
      commit: 'abc1234',
      subject: 'Title (#3)',
      pullRequest: { number: 3 },
    });
    expect(toRequestOrigin({ sha: 'abc1234', subject: 'Add ci' })).toEqual({
      commit: 'abc1234',
      subject: 'Add ci',
    });
  });
});

describe('gitPullRequestBrowseUrl', () => {
  it('uses each host style’s page', () => {
    expect(gitPullRequestBrowseUrl('https://gitlab.com/g/p.git', 5)).toBe(
      'https://gitlab.com/g/p/-/merge_requests/5',
    );
    expect(gitPullRequestBrowseUrl('https://bitbucket.org/t/r', 5)).toBe(
      'https://bitbucket.org/t/r/pull-requests/5',
    );
    expect(
      gitPullRequestBrowseUrl('https://example.com/t/r', 5),
    ).toBeUndefined();
    expect(
      gitPullRequestBrowseUrl('https://github.com/t/r', 0),
    ).toBeUndefined();
  });
});
