import { InfoCard } from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { RequestDetail } from '@kratix-backstage/plugin-kratix-common';
import { DerivedNote } from '../../DerivedNote';
import { PromisePageLink } from '../../links';
import { OwnerLink } from '../../OwnerLink';
import { TraceLink } from '../TraceLink';
import { ManageActions } from './ManageActions';
import { PhaseStatus } from './PhaseStatus';
import { RequestDeliveries } from './RequestDeliveries';
import { RequestOrigin } from './RequestOrigin';
import { RequestTimes } from './RequestTimes';

/** The request itself: its phase, what and whose it is, its history in git, its manage buttons. */
export function RequestCard({
  detail: d,
  onChanged,
}: {
  detail: RequestDetail;
  onChanged: () => void;
}) {
  return (
    <Grid item xs={12} md={6}>
      <InfoCard
        title="Request"
        action={<ManageActions detail={d} onDone={onChanged} />}
      >
        <PhaseStatus
          phase={d.phase}
          text={`${d.phase}${d.reason ? ` (${d.reason})` : ''}`}
        />
        {d.statusSource === 'state-store' && <DerivedNote />}
        {d.message && <Typography>{d.message}</Typography>}
        <Typography variant="body2" color="textSecondary">
          {d.apiVersion} {d.kind} {d.namespace}/{d.name} from Promise{' '}
          <PromisePageLink platform={d.platform} name={d.promise} />
          {d.status.promiseVersion ? ` ${d.status.promiseVersion}` : ''} on
          platform {d.platform}
          {d.owner && (
            <>
              , owned by <OwnerLink owner={d.owner} />
            </>
          )}
        </Typography>
        <RequestTimes detail={d} />
        <RequestOrigin detail={d} />
        <RequestDeliveries detail={d} />
        <TraceLink metadata={d.request?.metadata} />
        {d.binding && (
          <Typography variant="body2">
            Promise version: wanted {d.binding.desiredVersion}, applied{' '}
            {d.binding.appliedVersion ?? '—'}
            {d.binding.upgrading ? ' (upgrading)' : ''}
            {d.binding.failedVersion
              ? `, failed ${d.binding.failedVersion}`
              : ''}
          </Typography>
        )}
      </InfoCard>
    </Grid>
  );
}
