import { Pipeline } from '../model';
import { readPipelinePhases } from './readPipelinePhases';

const pipeline = (name: string): Pipeline => ({
  apiVersion: 'platform.kratix.io/v1alpha1',
  kind: 'Pipeline',
  metadata: { name },
  spec: { containers: [{ name: 'main', image: 'img' }] },
});
const declared = ['a', 'b', 'c'].map(pipeline);

describe('readPipelinePhases', () => {
  it('uses status.kratix.workflows.pipelines when present', () => {
    const progress = readPipelinePhases({
      kratix: {
        workflows: {
          pipelines: [
            { name: 'a', phase: 'Succeeded' },
            { name: 'b', phase: 'Running' },
          ],
        },
      },
    });
    expect(progress).toEqual(
      expect.objectContaining({
        source: 'pipelines',
        total: 2,
        succeeded: 1,
        failed: 0,
      }),
    );
  });

  it('infers phases from counters in declared order', () => {
    const progress = readPipelinePhases(
      { workflows: 3, workflowsSucceeded: 1, workflowsFailed: 1 },
      declared,
    );
    expect(progress.pipelines.map(p => p.phase)).toEqual([
      'Succeeded',
      'Failed',
      'Unknown',
    ]);
    expect(progress.failedPipeline).toBe('b');
  });

  it('reports the remaining pipelines as Pending while nothing failed', () => {
    const progress = readPipelinePhases(
      { workflows: 3, workflowsSucceeded: 2, workflowsFailed: 0 },
      declared,
    );
    expect(progress.pipelines.map(p => p.phase)).toEqual([
      'Succeeded',
      'Succeeded',
      'Pending',
    ]);
  });

  it('reports Unknown phases when the status has no workflow information', () => {
    expect(readPipelinePhases(undefined, declared)).toEqual({
      pipelines: declared.map(p => ({
        name: p.metadata.name,
        phase: 'Unknown',
      })),
      source: 'none',
    });
  });
});
