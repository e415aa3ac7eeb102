import { InfoCard, Table } from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';

/** A Kubernetes status condition as the Kratix API returns it. */
type Condition = {
  type: string;
  status: string;
  reason?: string;
  message?: string;
};

/**
 * An object's status conditions as they stand now, full width (four columns of free text
 * overflow a half-width card at 1024 px). Requests and Promises label the type column
 * differently: `typeTitle`.
 */
export function ConditionsCard({
  conditions,
  typeTitle,
}: {
  conditions: readonly Condition[];
  typeTitle: 'Type' | 'Condition';
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
            { title: typeTitle, field: 'type' },
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
