import { InfoCard } from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { RequestDetail } from '@kratix-backstage/plugin-kratix-common';
import { ClusterPageLink } from '../../links';
import { StoreFileList } from '../../StoreFiles';

/** The clusters Kratix placed the request on, with the documents it wrote for each. */
export function LandedCard({ detail: d }: { detail: RequestDetail }) {
  return (
    <Grid item xs={12} md={6}>
      <InfoCard title="Where it landed">
        {d.landed.length === 0 ? (
          <Typography color="textSecondary">
            No documents written yet: Kratix has not placed this request on a
            cluster.
          </Typography>
        ) : (
          d.landed.map(p => (
            <div
              key={`${p.destination}/${p.location}`}
              style={{ marginBottom: 8 }}
            >
              <Typography>
                <strong>
                  <ClusterPageLink platform={d.platform} name={p.destination} />
                </strong>{' '}
                ({p.state}, pipeline {p.pipeline ?? '—'})
                {p.commit ? `, commit ${p.commit.slice(0, 12)}` : ''}
              </Typography>
              <StoreFileList
                platform={d.platform}
                files={p.files}
                fileUrls={d.fileUrls}
                filesReadable={d.filesReadable}
              />
            </div>
          ))
        )}
      </InfoCard>
    </Grid>
  );
}
