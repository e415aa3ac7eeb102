import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';

/**
 * Says, beside a status, that the suite worked it out from the state store (gitops mode,
 * where no cluster writes status) rather than read it from Kratix.
 */
export function DerivedNote() {
  return (
    <Tooltip title="No cluster reports this status: the suite works it out from the documents Kratix wrote to the state store and the platform repository">
      <Typography
        component="span"
        variant="caption"
        color="textSecondary"
        style={{ marginLeft: 4 }}
      >
        derived from the state store
      </Typography>
    </Tooltip>
  );
}
