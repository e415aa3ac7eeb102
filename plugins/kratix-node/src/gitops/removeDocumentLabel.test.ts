/*
 * Taking one label out of one document of a multi-document file: the label's lines are cut
 * out and the rest of the file stays byte for byte. Kratix acts on
 * kratix.io/manual-reconciliation only when it is "true" (lib/workflow/reconciler.go
 * isManualReconciliation, v0.125.0), so another value is someone else's and left alone.
 */
import { parseAllDocuments } from 'yaml';
import { removeDocumentLabel } from './removeDocumentLabel';

const LABEL = 'kratix.io/manual-reconciliation';

const FILE = `# Team A's requests.
apiVersion: marketplace.kratix.io/v1alpha1
kind: jenkins
metadata:
  name: ci # the team's CI
  namespace: team-a
  labels:
    team: a
    kratix.io/manual-reconciliation: "true" # Reconcile now
    tier: gold
spec:
  size:   small   # kept as written
---
# the other one
apiVersion: marketplace.kratix.io/v1alpha1
kind: jenkins
metadata:
  name: ci
  namespace: team-b
  labels:
    kratix.io/manual-reconciliation: "true"
spec: {}
`;

describe('removeDocumentLabel', () => {
  it("cuts out the label's line from the named document only, every other byte kept", () => {
    const result = removeDocumentLabel(
      FILE,
      { kind: 'jenkins', namespace: 'team-a', name: 'ci' },
      LABEL,
      'true',
    );
    expect(result).toEqual({
      outcome: 'removed',
      content: FILE.replace(
        '    kratix.io/manual-reconciliation: "true" # Reconcile now\n',
        '',
      ),
    });
  });

  it('removes a labels map the label was alone in, keeping the other document', () => {
    const result = removeDocumentLabel(
      FILE,
      { kind: 'Jenkins', namespace: 'team-b', name: 'ci' },
      LABEL,
      'true',
    );
    expect(result).toEqual({
      outcome: 'removed',
      content: FILE.replace(
        '  namespace: team-b\n  labels:\n    kratix.io/manual-reconciliation: "true"\n',
        '  namespace: team-b\n',
      ),
    });
  });

  it('removes a label written in flow style, keeping comments and the other labels', () => {
    const text = `# a Promise
apiVersion: platform.kratix.io/v1alpha1
kind: Promise
metadata: {name: jenkins, labels: {kratix.io/manual-reconciliation: "true", a: b}}
spec: {} # empty
`;
    const result = removeDocumentLabel(
      text,
      { kind: 'Promise', name: 'jenkins' },
      LABEL,
      'true',
    );
    expect(result.outcome).toBe('removed');
    const content = (result as { content: string }).content;
    expect(parseAllDocuments(content)[0].toJS().metadata).toEqual({
      name: 'jenkins',
      labels: { a: 'b' },
    });
    expect(content).toMatch(/^# a Promise\n/);
    expect(content).toContain('# empty');
  });

  it('leaves a label holding another value, and says when the document or label is not there', () => {
    const other = FILE.replace('"true" # Reconcile now', '"yes"');
    expect(
      removeDocumentLabel(
        other,
        { kind: 'jenkins', namespace: 'team-a', name: 'ci' },
        LABEL,
        'true',
      ),
    ).toEqual({ outcome: 'other-value', value: 'yes' });
    expect(
      removeDocumentLabel(
        FILE,
        { kind: 'jenkins', namespace: 'team-c', name: 'ci' },
        LABEL,
        'true',
      ),
    ).toEqual({ outcome: 'no-document' });
    expect(
      removeDocumentLabel(
        FILE,
        { kind: 'jenkins', namespace: 'team-a', name: 'ci' },
        'kratix.io/paused',
        'true',
      ),
    ).toEqual({ outcome: 'absent' });
  });
});
