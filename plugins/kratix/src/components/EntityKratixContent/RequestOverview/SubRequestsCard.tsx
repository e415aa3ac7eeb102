import { InfoCard } from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import { RequestDetail } from '@kratix-backstage/plugin-kratix-common';
import { DerivedNote } from '../../DerivedNote';
import { RequestEntityLink } from '../../links';
import { PhaseStatus } from './PhaseStatus';

/** The requests the request's pipelines made, with their phases; nothing when there are none. */
export function SubRequestsCard({
  subRequests,
}: {
  subRequests: RequestDetail['subRequests'];
}) {
  if (subRequests.length === 0) return null;
  return (
    <Grid item xs={12}>
      <InfoCard title="Sub-requests">
        <ul>
          {subRequests.map(r => (
            <li key={`${r.promise}/${r.namespace}/${r.name}`}>
              <RequestEntityLink
                platform={r.platform}
                promise={r.promise}
                namespace={r.namespace}
                name={r.name}
              >
                {r.promise} {r.namespace}/{r.name}
              </RequestEntityLink>{' '}
              <PhaseStatus phase={r.phase} text={r.phase} />
              {r.statusSource === 'state-store' && <DerivedNote />}
            </li>
          ))}
        </ul>
      </InfoCard>
    </Grid>
  );
}
