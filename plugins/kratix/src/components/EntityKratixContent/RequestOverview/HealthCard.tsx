import { InfoCard } from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { RequestDetail } from '@kratix-backstage/plugin-kratix-common';

/** The request's health now, and each health record behind it. */
export function HealthCard({
  health,
}: {
  health: RequestDetail['status']['health'];
}) {
  return (
    <Grid item xs={12} md={6}>
      <InfoCard title={`Health: ${health.state}`}>
        {health.records.length === 0 && (
          <Typography color="textSecondary">No health records.</Typography>
        )}
        {health.records.map((r, i) => (
          <Typography key={i}>
            {r.source?.name ?? 'record'}: {r.state}
            {r.lastRun
              ? ` (last run ${new Date(r.lastRun * 1000).toLocaleString()})`
              : ''}
          </Typography>
        ))}
      </InfoCard>
    </Grid>
  );
}
