import {
  InfoCard,
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
  Table,
} from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import {
  HealthChange,
  HealthState,
} from '@kratix-backstage/plugin-kratix-common';
import { wordCell } from '../tableLayout';
import { EventTime } from './EventsCard';

/** A health state with the colour of what it means. */
function HealthStatus({ state }: { state: HealthState }) {
  switch (state) {
    case 'healthy':
    case 'ready':
      return <StatusOK>{state}</StatusOK>;
    case 'unhealthy':
      return <StatusError>{state}</StatusError>;
    case 'degraded':
      return <StatusWarning>{state}</StatusWarning>;
    default:
      return <StatusPending>{state}</StatusPending>;
  }
}

const SOURCE_WORDS: Record<HealthChange['source'], string> = {
  event: 'Kratix event',
  observed: 'Seen by the portal',
};

/**
 * A request's health over time, newest first: the HealthRecord Events Kratix emitted on it
 * and the changes of its health the backend's watch saw. Where the platform records neither
 * (gitops mode: git holds no Events and no status), it says so.
 * @public
 */
export function HealthHistoryCard({ history }: { history?: HealthChange[] }) {
  return (
    <Grid item xs={12} md={6}>
      <InfoCard title="Health history">
        {!history && (
          <Typography color="textSecondary">
            No health history on this platform: it is read from git (gitops
            mode), which holds neither Kratix&apos;s health events nor the
            request&apos;s status over time. The current health is beside.
          </Typography>
        )}
        {history?.length === 0 && (
          <Typography color="textSecondary">
            No health records over time yet: Kratix has emitted no health event
            for this request, and its health has not changed since the portal
            started watching.
          </Typography>
        )}
        {history && history.length > 0 && (
          <Table<HealthChange>
            options={{
              paging: false,
              search: false,
              toolbar: false,
              padding: 'dense',
            }}
            columns={[
              {
                title: 'When',
                cellStyle: wordCell,
                render: c => <EventTime iso={c.time} />,
              },
              {
                title: 'Health',
                cellStyle: wordCell,
                render: c => <HealthStatus state={c.state} />,
              },
              {
                title: 'Was',
                cellStyle: wordCell,
                render: c => c.previous ?? '—',
              },
              {
                title: 'From',
                cellStyle: wordCell,
                render: c => SOURCE_WORDS[c.source],
              },
              { title: 'Message', field: 'message', cellStyle: wordCell },
            ]}
            data={history.map(c => ({ ...c }))}
          />
        )}
      </InfoCard>
    </Grid>
  );
}
