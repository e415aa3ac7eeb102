import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import Grid from '@material-ui/core/Grid';
import { deepPurple } from '@material-ui/core/colors';
import { alpha, Theme, ThemeProvider } from '@material-ui/core/styles';
import { KubernetesEventView } from '@kratix-backstage/plugin-kratix-common';
import { EventsCard } from './EventsCard';

const events: KubernetesEventView[] = [
  {
    type: 'Warning',
    reason: 'WorksFailing',
    message: 'A WorkPlacement failed to write',
    object: {
      kind: 'Work',
      name: 'jenkins-ci-instance-configure-a81b2',
      namespace: 'team-checkout',
    },
    count: 3,
    lastSeen: '2026-10-03T09:00:00Z',
  },
  {
    type: 'Normal',
    reason: 'PipelineStarted',
    message: 'Configure Pipeline started',
    object: { kind: 'jenkins', name: 'ci', namespace: 'team-checkout' },
    count: 1,
    lastSeen: '2026-10-03T08:00:00Z',
  },
];

describe('EventsCard', () => {
  it('lists the Events, newest first, with Warnings marked', async () => {
    await renderInTestApp(
      <Grid container>
        <EventsCard events={events} />
      </Grid>,
    );
    expect(screen.getByText('Events')).toBeInTheDocument();
    expect(screen.getByText('1 warning')).toBeInTheDocument();
    const rows = screen.getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    expect(within(rows[0]).getByText('Warning')).toBeInTheDocument();
    expect(within(rows[0]).getByText('WorksFailing')).toBeInTheDocument();
    expect(
      within(rows[0]).getByText('Work jenkins-ci-instance-configure-a81b2'),
    ).toBeInTheDocument();
    expect(within(rows[0]).getByText('3')).toBeInTheDocument();
    expect(
      within(rows[0]).getByText(
        new Date('2026-10-03T09:00:00Z').toLocaleString(),
      ),
    ).toBeInTheDocument();
    expect(within(rows[1]).getByText('PipelineStarted')).toBeInTheDocument();
    expect(within(rows[1]).getByText('jenkins ci')).toBeInTheDocument();
  });

  it("tints a Warning's row with the theme's warning colour, not a fixed one (so it reads in the dark theme)", async () => {
    // The app's theme with another warning colour: the row must follow it.
    let theme: Theme | undefined;
    const withPurpleWarning = (outer: Theme): Theme =>
      (theme = {
        ...outer,
        palette: {
          ...outer.palette,
          warning: { ...outer.palette.warning, main: deepPurple[500] },
        },
      });
    await renderInTestApp(
      <ThemeProvider theme={withPurpleWarning}>
        <Grid container>
          <EventsCard events={events} />
        </Grid>
      </ThemeProvider>,
    );
    const [warning, normal] = screen.getAllByRole('row').slice(1);
    expect(warning.style.backgroundColor).toBe(
      alpha(deepPurple[500], theme!.palette.action.selectedOpacity),
    );
    expect(normal.style.backgroundColor).toBe('');
  });

  it('says when the cluster has no Events for the object', async () => {
    await renderInTestApp(<EventsCard events={[]} />);
    expect(screen.getByText(/No events from Kratix/)).toBeInTheDocument();
  });

  it('shows nothing where the platform has no Events (gitops)', async () => {
    const { container } = await renderInTestApp(<EventsCard />);
    expect(container).toBeEmptyDOMElement();
  });
});
