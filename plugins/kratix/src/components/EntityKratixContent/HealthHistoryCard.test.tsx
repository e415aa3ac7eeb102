import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { HealthHistoryCard } from './HealthHistoryCard';

describe('HealthHistoryCard', () => {
  it('shows each change in the order given (newest first), with where it was learned', async () => {
    await renderInTestApp(
      <HealthHistoryCard
        history={[
          {
            time: '2026-11-30T10:05:00.000Z',
            state: 'unhealthy',
            previous: 'degraded',
            source: 'observed',
          },
          {
            // As Kratix words it (healthrecord_controller.go fireEvent).
            time: '2026-11-30T10:00:00Z',
            state: 'unhealthy',
            source: 'event',
            message: 'Health state is unhealthy',
          },
        ]}
      />,
    );
    expect(screen.getByText('Health history')).toBeInTheDocument();
    const rows = screen.getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    expect(within(rows[0]).getByText('unhealthy')).toBeInTheDocument();
    expect(within(rows[0]).getByText('degraded')).toBeInTheDocument();
    expect(within(rows[0]).getByText('Seen by the portal')).toBeInTheDocument();
    expect(within(rows[1]).getByText('Kratix event')).toBeInTheDocument();
    expect(
      within(rows[1]).getByText('Health state is unhealthy'),
    ).toBeInTheDocument();
    expect(
      within(rows[1]).getByText(
        new Date('2026-11-30T10:00:00Z').toLocaleString(),
      ),
    ).toBeInTheDocument();
  });

  it('says when there are no health records yet', async () => {
    await renderInTestApp(<HealthHistoryCard history={[]} />);
    expect(
      screen.getByText(/No health records over time yet/),
    ).toBeInTheDocument();
  });

  it('says that gitops mode has no health history', async () => {
    await renderInTestApp(<HealthHistoryCard />);
    expect(
      screen.getByText(/read from git \(gitops mode\)/),
    ).toBeInTheDocument();
  });
});
