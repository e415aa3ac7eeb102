import { WarningPanel } from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';

/**
 * A button the signed-in user may not press: disabled, with why on hover (the span lets a
 * disabled button show a tooltip).
 */
export function UnavailableButton(props: {
  label: string;
  why: string;
  'aria-label'?: string;
}) {
  return (
    <Tooltip title={props.why}>
      <span>
        <Button size="small" disabled aria-label={props['aria-label']}>
          {props.label}
        </Button>
      </span>
    </Tooltip>
  );
}

/** The permission check itself failed: say so, rather than leave the place blank. */
export function PermissionCheckFailed(props: { act: string; error: Error }) {
  return (
    <WarningPanel
      severity="error"
      title={`Could not check whether you may ${props.act}`}
      message={props.error.message}
    />
  );
}
