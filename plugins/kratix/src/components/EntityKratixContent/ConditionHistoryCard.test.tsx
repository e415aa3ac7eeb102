import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { ConditionHistoryCard } from './ConditionHistoryCard';

describe('ConditionHistoryCard', () => {
  it('shows every recorded change in the order given (newest first)', async () => {
    await renderInTestApp(
      <ConditionHistoryCard
        history={[
          {
            time: '2026-10-03T08:00:10Z',
            type: 'Reconciled',
            status: 'True',
            reason: 'Reconciled',
            message: 'Reconciled',
          },
          {
            time: '2026-10-03T08:00:05Z',
            type: 'Reconciled',
            status: 'Unknown',
            reason: 'WorksPending',
            message: 'Pending',
          },
          {
            time: '2026-10-03T08:00:05Z',
            type: 'DeleteWorkflowCompleted',
            removed: true,
          },
        ]}
      />,
    );
    expect(screen.getByText('Condition history')).toBeInTheDocument();
    const rows = screen.getAllByRole('row').slice(1);
    expect(rows).toHaveLength(3);
    expect(within(rows[0]).getByText('True')).toBeInTheDocument();
    expect(within(rows[1]).getByText('Unknown')).toBeInTheDocument();
    expect(within(rows[1]).getByText('WorksPending')).toBeInTheDocument();
    expect(
      within(rows[1]).getByText(
        new Date('2026-10-03T08:00:05Z').toLocaleString(),
      ),
    ).toBeInTheDocument();
    expect(
      within(rows[2]).getByText('DeleteWorkflowCompleted'),
    ).toBeInTheDocument();
    expect(within(rows[2]).getByText('removed')).toBeInTheDocument();
  });

  it('says when nothing has changed yet', async () => {
    await renderInTestApp(<ConditionHistoryCard history={[]} />);
    expect(screen.getByText(/No condition has changed/)).toBeInTheDocument();
  });

  it('shows nothing where the platform records no history (gitops)', async () => {
    const { container } = await renderInTestApp(<ConditionHistoryCard />);
    expect(container).toBeEmptyDOMElement();
  });
});
