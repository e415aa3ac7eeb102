import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { DerivedNote } from '../DerivedNote';

/** Props of {@link AvailabilityStatus}. @public */
export interface AvailabilityStatusProps {
  /** Kratix's word: Available, Unavailable, Paused, Suspended or Unknown. */
  availability: string;
  /** Kratix's reason, shown beside a word other than Available. */
  reason?: string;
  /** Kratix's message, shown on hover. */
  message?: string;
  /** The suite worked the availability out from the state store (gitops mode); says so. */
  derived?: boolean;
}

function StatusFor({
  availability,
  children,
}: {
  availability: string;
  children: JSX.Element;
}) {
  switch (availability) {
    case 'Available':
      return <StatusOK>{children}</StatusOK>;
    case 'Unavailable':
      return <StatusError>{children}</StatusError>;
    case 'Paused':
      return <StatusAborted>{children}</StatusAborted>;
    case 'Suspended':
      return <StatusWarning>{children}</StatusWarning>;
    default:
      return <StatusPending>{children}</StatusPending>;
  }
}

/** Kratix's availability word with a status colour and Kratix's reason on hover. @public */
export function AvailabilityStatus(props: AvailabilityStatusProps) {
  const { availability, reason, message, derived } = props;
  if (derived) {
    return (
      <span>
        <AvailabilityStatus
          availability={availability}
          reason={reason}
          message={message}
        />
        <DerivedNote />
      </span>
    );
  }
  // An Available Promise keeps its last reason ("PromiseAvailable"), which says nothing new.
  // The reason goes on a line of its own: one long CamelCase word that would widen its column.
  const label = (
    <span>
      {availability}
      {reason && availability !== 'Available' && (
        <Typography
          component="span"
          variant="caption"
          display="block"
          color="textSecondary"
        >
          {reason}
        </Typography>
      )}
    </span>
  );
  const status = <StatusFor availability={availability}>{label}</StatusFor>;
  return message ? (
    <Tooltip title={message}>
      <span>{status}</span>
    </Tooltip>
  ) : (
    status
  );
}
