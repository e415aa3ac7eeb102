import { requestDocumentPath } from './requestPath';

describe('requestDocumentPath', () => {
  it('lays requests out by Promise, namespace and name', () => {
    expect(requestDocumentPath('requests', 'jenkins', 'team-a', 'ci')).toBe(
      'requests/jenkins/team-a/ci.yaml',
    );
    expect(requestDocumentPath('./requests/', 'jenkins', 'team-a', 'ci')).toBe(
      'requests/jenkins/team-a/ci.yaml',
    );
    expect(requestDocumentPath('', 'jenkins', 'team-a', 'ci')).toBe(
      'jenkins/team-a/ci.yaml',
    );
  });

  it('refuses names that could escape the folder', () => {
    expect(() =>
      requestDocumentPath('requests', 'jenkins', '..', 'ci'),
    ).toThrow('namespace ".."');
    expect(() =>
      requestDocumentPath('requests', 'jenkins', 'a', '../../etc/passwd'),
    ).toThrow('name');
    expect(() => requestDocumentPath('requests', 'Jenkins', 'a', 'b')).toThrow(
      'promise',
    );
  });
});
