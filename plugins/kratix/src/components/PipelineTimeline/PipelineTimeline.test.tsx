import { renderInTestApp } from '@backstage/test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { readPipelinePhases } from '@kratix-backstage/plugin-kratix-common';
import { PipelineTimeline } from './PipelineTimeline';

/*
 * A workflow as Kratix HEAD reports it (api/v1alpha1/promise_types.go WorkflowStatus:
 * pipelines[].{name, phase, message, nextRetryAt, attempts, lastTransitionTime}), read by
 * readPipelinePhases as the request and Promise pages read it.
 */
const suspendedWorkflow = readPipelinePhases({
  kratix: {
    workflows: {
      pipelines: [
        {
          name: 'configure-db',
          phase: 'Succeeded',
          attempts: 1,
          lastTransitionTime: '2026-10-03T08:00:00Z',
        },
        {
          name: 'approve',
          phase: 'Suspended',
          message: 'waiting for a DBA to approve the size',
          attempts: 3,
          nextRetryAt: '2026-10-03T09:30:00Z',
        },
        { name: 'notify', phase: 'Pending' },
      ],
    },
  },
} as any);

describe('PipelineTimeline', () => {
  it('shows every pipeline in order with its phase, attempts, next retry and message', async () => {
    await renderInTestApp(<PipelineTimeline workflow={suspendedWorkflow} />);
    const list = screen.getByRole('list', { name: 'Pipelines' });
    const rows = within(list).getAllByRole('listitem');
    expect(rows.map(r => r.getAttribute('aria-label'))).toEqual([
      'configure-db',
      'approve',
      'notify',
    ]);
    expect(rows[0]).toHaveTextContent('1. configure-db: Succeeded');
    expect(rows[0]).toHaveTextContent('1 attempt');
    expect(rows[1]).toHaveTextContent('2. approve: Suspended');
    expect(rows[1]).toHaveTextContent('3 attempts');
    expect(rows[1]).toHaveTextContent(
      `next retry at ${new Date('2026-10-03T09:30:00Z').toLocaleString()}`,
    );
    expect(rows[1]).toHaveTextContent(
      'Suspended: waiting for a DBA to approve the size',
    );
    expect(rows[2]).toHaveTextContent('3. notify: Pending');
    // No Resume without an act to call.
    expect(screen.queryByRole('button', { name: 'Resume' })).toBeNull();
  });

  it('offers Resume on the suspended pipeline and calls the act', async () => {
    const onResume = jest.fn().mockResolvedValue(undefined);
    await renderInTestApp(
      <PipelineTimeline workflow={suspendedWorkflow} onResume={onResume} />,
    );
    const suspended = screen.getByRole('listitem', { name: 'approve' });
    fireEvent.click(within(suspended).getByRole('button', { name: 'Resume' }));
    await waitFor(() => expect(onResume).toHaveBeenCalledTimes(1));
    expect(
      within(
        screen.getByRole('listitem', { name: 'configure-db' }),
      ).queryByRole('button'),
    ).toBeNull();
  });

  it("says when the phases are inferred from an older Kratix's counters", async () => {
    const counted = readPipelinePhases(
      { workflows: 2, workflowsSucceeded: 1, workflowsFailed: 1 },
      [
        { metadata: { name: 'first' } },
        { metadata: { name: 'second' } },
      ] as any,
    );
    await renderInTestApp(<PipelineTimeline workflow={counted} />);
    expect(
      screen.getByText(/Inferred from this Kratix's workflow counters/),
    ).toBeInTheDocument();
    expect(screen.getByRole('listitem', { name: 'second' })).toHaveTextContent(
      '2. second: Failed',
    );
  });

  it('says when no pipeline phase is reported', async () => {
    await renderInTestApp(
      <PipelineTimeline workflow={{ pipelines: [], source: 'none' }} />,
    );
    expect(
      screen.getByText('No pipeline phases reported.'),
    ).toBeInTheDocument();
  });
});
