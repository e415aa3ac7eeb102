import { StatusAborted, StatusError, StatusOK, StatusPending, StatusWarning } from '@backstage/core-components';
import Tooltip from '@material-ui/core/Tooltip';

/** Kratix's availability word with a status colour and Kratix's reason on hover. @public */
export function AvailabilityStatus(props: { availability: string; reason?: string; message?: string }) {
  const { availability, reason, message } = props;
  const label = (
    <span>
      {availability}
      {reason && availability !== 'Available' ? ` (${reason})` : ''}
    </span>
  );
  const status = (() => {
    switch (availability) {
      case 'Available':
        return <StatusOK>{label}</StatusOK>;
      case 'Unavailable':
        return <StatusError>{label}</StatusError>;
      case 'Paused':
        return <StatusAborted>{label}</StatusAborted>;
      case 'Suspended':
        return <StatusWarning>{label}</StatusWarning>;
      default:
        return <StatusPending>{label}</StatusPending>;
    }
  })();
  return message ? <Tooltip title={message}><span>{status}</span></Tooltip> : status;
}
