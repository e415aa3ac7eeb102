import { WarningPanel } from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import { RequestDetail } from '@kratix-backstage/plugin-kratix-common';

/** Above the cards: a change the platform has not caught up with, a deletion held up. */
export function RequestWarnings({
  status,
}: {
  status: RequestDetail['status'];
}) {
  return (
    <Grid item xs={12}>
      {status.catchUp.updating && (
        <WarningPanel title="Updating: the platform has not caught up with the latest change to this request yet" />
      )}
      {status.deleteProblem && (
        <WarningPanel
          severity="error"
          title={`Deletion held: ${status.deleteProblem.reason}`}
          message={status.deleteProblem.message}
        />
      )}
    </Grid>
  );
}
