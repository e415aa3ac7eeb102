import { CodeSnippet, InfoCard } from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import { RequestDetail } from '@kratix-backstage/plugin-kratix-common';

/** The request's spec: as the YAML the backend sent, else its parsed spec as JSON. */
export function SpecCard({ detail: d }: { detail: RequestDetail }) {
  return (
    <Grid item xs={12} md={6}>
      <InfoCard title="Spec">
        <section aria-label="Spec as YAML">
          <CodeSnippet
            text={d.specYaml ?? JSON.stringify(d.request?.spec ?? {}, null, 2)}
            language={d.specYaml !== undefined ? 'yaml' : 'json'}
            wrapLongLines
            showCopyCodeButton
          />
        </section>
      </InfoCard>
    </Grid>
  );
}
