import { InfoCard, Table } from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import { RequestDetail } from '@kratix-backstage/plugin-kratix-common';

/** The request's status conditions as they stand now. */
export function ConditionsCard({
  conditions,
}: {
  conditions: RequestDetail['conditions'];
}) {
  return (
    <Grid item xs={12}>
      <InfoCard title="Conditions">
        <Table
          options={{
            paging: false,
            search: false,
            toolbar: false,
            padding: 'dense',
          }}
          columns={[
            { title: 'Type', field: 'type' },
            { title: 'Status', field: 'status' },
            { title: 'Reason', field: 'reason' },
            { title: 'Message', field: 'message' },
          ]}
          data={conditions.map(c => ({ ...c }))}
        />
      </InfoCard>
    </Grid>
  );
}
