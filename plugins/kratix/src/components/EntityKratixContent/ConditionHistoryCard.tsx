import { InfoCard, Table } from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { ConditionChange } from '@kratix-backstage/plugin-kratix-common';
import { wordCell, longToken } from '../tableLayout';
import { EventTime } from './EventsCard';

/**
 * Every change of a request's conditions the platform saw, newest first: the raw record
 * behind a status that flaps. Nothing at all where the platform records none (gitops mode).
 * @public
 */
export function ConditionHistoryCard({
  history,
}: {
  history?: ConditionChange[];
}) {
  if (!history) return null;
  return (
    <Grid item xs={12}>
      <InfoCard title="Condition history">
        {history.length === 0 ? (
          <Typography color="textSecondary">
            No condition has changed since the backend started watching.
          </Typography>
        ) : (
          <Table<ConditionChange>
            options={{
              paging: false,
              search: false,
              toolbar: false,
              padding: 'dense',
            }}
            columns={[
              {
                title: 'Seen',
                cellStyle: wordCell,
                render: c => <EventTime iso={c.time} />,
              },
              // Condition types and reasons are single CamelCase words
              // (PipelinesExecutedSuccessfully): kept whole, five columns overflow a
              // 1024 px page.
              { title: 'Type', field: 'type', cellStyle: longToken },
              {
                title: 'Status',
                cellStyle: wordCell,
                render: c => (c.removed ? 'removed' : c.status),
              },
              { title: 'Reason', field: 'reason', cellStyle: longToken },
              { title: 'Message', field: 'message', cellStyle: wordCell },
            ]}
            data={history.map(c => ({ ...c }))}
          />
        )}
      </InfoCard>
    </Grid>
  );
}
