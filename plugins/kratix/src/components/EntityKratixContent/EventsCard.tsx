import {
  InfoCard,
  StatusOK,
  StatusWarning,
  Table,
} from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { alpha, useTheme } from '@material-ui/core/styles';
import { KubernetesEventView } from '@kratix-backstage/plugin-kratix-common';
import { longToken, wordCell } from '../tableLayout';

/** A time as the reader's clock shows it, the exact instant on hover. @internal */
export function EventTime({ iso }: { iso?: string }) {
  if (!iso) return <>—</>;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return <>{iso}</>;
  return (
    <time dateTime={iso} title={iso}>
      {date.toLocaleString()}
    </time>
  );
}

/**
 * The Kubernetes Events Kratix emitted about an object and its Works, newest first, Warnings
 * marked; nothing at all where the platform has no Events (gitops mode).
 * @public
 */
export function EventsCard({
  events,
  title = 'Events',
}: {
  events?: KubernetesEventView[];
  title?: string;
}) {
  const theme = useTheme();
  if (!events) return null;
  // A Warning row tinted with the theme's warning colour, so it reads in light and dark themes.
  const warningRow = {
    backgroundColor: alpha(
      theme.palette.warning.main,
      theme.palette.action.selectedOpacity,
    ),
  };
  const warnings = events.filter(e => e.type === 'Warning').length;
  return (
    <Grid item xs={12}>
      <InfoCard
        title={title}
        subheader={
          warnings > 0
            ? `${warnings} warning${warnings === 1 ? '' : 's'}`
            : undefined
        }
      >
        {events.length === 0 ? (
          <Typography color="textSecondary">
            No events from Kratix: the cluster keeps events for a short time
            only (an hour by default).
          </Typography>
        ) : (
          <Table<KubernetesEventView>
            options={{
              paging: false,
              search: false,
              toolbar: false,
              padding: 'dense',
              rowStyle: (e: KubernetesEventView) =>
                e.type === 'Warning' ? warningRow : {},
            }}
            columns={[
              {
                title: 'Type',
                field: 'type',
                cellStyle: wordCell,
                render: e =>
                  e.type === 'Warning' ? (
                    <StatusWarning>Warning</StatusWarning>
                  ) : (
                    <StatusOK>{e.type}</StatusOK>
                  ),
              },
              { title: 'Reason', field: 'reason', cellStyle: wordCell },
              { title: 'Message', field: 'message', cellStyle: wordCell },
              {
                title: 'Object',
                cellStyle: wordCell,
                render: e => (
                  <span style={longToken}>
                    {e.object.kind} {e.object.name}
                  </span>
                ),
              },
              { title: 'Count', field: 'count', cellStyle: wordCell },
              {
                title: 'Last seen',
                cellStyle: wordCell,
                render: e => <EventTime iso={e.lastSeen} />,
              },
            ]}
            data={events.map(e => ({ ...e }))}
          />
        )}
      </InfoCard>
    </Grid>
  );
}
