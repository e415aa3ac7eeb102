import {
  InfoCard,
  Link,
  StructuredMetadataTable,
} from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { RequestDetail } from '@kratix-backstage/plugin-kratix-common';

/** What the request's pipelines wrote into its status: links, then the other keys. */
export function OutputsCard({
  written,
}: {
  written: RequestDetail['status']['pipelineWritten'];
}) {
  return (
    <Grid item xs={12} md={6}>
      <InfoCard title="Outputs from the pipelines">
        {written.links.map(l => (
          <Typography key={l.key}>
            {l.key}: <Link to={l.url}>{l.url}</Link>
          </Typography>
        ))}
        {Object.keys(written.values).length === 0 ? (
          <Typography color="textSecondary">
            The pipelines wrote no status keys.
          </Typography>
        ) : (
          // Keys as the pipelines wrote them: they are the request's status fields, which
          // people look up by name (kubectl, a template's output), not words to humanise.
          <StructuredMetadataTable
            dense
            metadata={written.values}
            options={{ titleFormat: key => key }}
          />
        )}
      </InfoCard>
    </Grid>
  );
}
