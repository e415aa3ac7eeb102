import { useState } from 'react';
import Button from '@material-ui/core/Button';
import ButtonGroup from '@material-ui/core/ButtonGroup';
import Typography from '@material-ui/core/Typography';
import { RequestDetail } from '@kratix-backstage/plugin-kratix-common';
import { useNavigate } from 'react-router-dom';
import { DeleteDialog, usePromisePagePath } from '../ManageDialogs';
import { UpdateDialog } from '../UpdateDialog';
import { UpgradeDialog } from '../UpgradeDialog';
import { RequestEntityLink } from '../../links';
import { PermissionCheckFailed } from '../../permissions';
import { useManagePermission } from './useManagePermission';
import { useRequestAction } from './useRequestAction';

/**
 * The request's manage buttons and their dialogs, shown only when permitted; nothing while
 * checking. A sub-request is managed through its parent instead.
 */
export function ManageActions({
  detail,
  onDone,
}: {
  detail: RequestDetail;
  onDone: () => void;
}) {
  const navigate = useNavigate();
  const promisePage = usePromisePagePath(detail.platform, detail.promise);
  const [dialog, setDialog] = useState<'update' | 'upgrade' | 'delete'>();
  const check = useManagePermission(detail);
  const { busy, run } = useRequestAction(detail, onDone);
  if (check.loading) return null;
  if (check.error)
    return (
      <PermissionCheckFailed act="manage this request" error={check.error} />
    );
  if (!check.value)
    return (
      <Typography variant="caption" color="textSecondary">
        Only the request's owner or a platform admin can manage it
      </Typography>
    );
  if (detail.parent) {
    // Its parent's pipeline writes it: a change here would be undone on the parent's next run.
    return (
      <Typography variant="body2" color="textSecondary">
        Managed through its parent,{' '}
        <RequestEntityLink
          platform={detail.platform}
          promise={detail.parent.promise}
          namespace={detail.parent.namespace}
          name={detail.parent.name}
        >
          {detail.parent.promise} {detail.parent.namespace}/{detail.parent.name}
        </RequestEntityLink>
      </Typography>
    );
  }
  const paused = detail.phase === 'Paused';
  return (
    <>
      {/* Wraps on a narrow card rather than run past its edge. */}
      <ButtonGroup
        size="small"
        disabled={busy}
        aria-label="Manage the request"
        style={{ flexWrap: 'wrap', maxWidth: '100%' }}
      >
        <Button onClick={() => setDialog('update')}>Update</Button>
        <Button onClick={() => run('rerun')}>Re-run</Button>
        <Button onClick={() => run(paused ? 'resume' : 'pause')}>
          {paused ? 'Resume' : 'Pause'}
        </Button>
        {detail.phase === 'Suspended' && (
          <Button onClick={() => run('resume-suspended')}>
            Resume suspended
          </Button>
        )}
        {detail.binding && (
          <Button onClick={() => setDialog('upgrade')}>Upgrade</Button>
        )}
        <Button color="secondary" onClick={() => setDialog('delete')}>
          Delete
        </Button>
      </ButtonGroup>
      {dialog === 'update' && (
        <UpdateDialog
          detail={detail}
          open
          onClose={() => setDialog(undefined)}
          onUpdated={onDone}
        />
      )}
      {detail.binding && (
        <UpgradeDialog
          detail={detail}
          open={dialog === 'upgrade'}
          onClose={() => setDialog(undefined)}
          onUpgrade={version => {
            setDialog(undefined);
            run('upgrade', version);
          }}
        />
      )}
      <DeleteDialog
        detail={detail}
        open={dialog === 'delete'}
        onClose={() => setDialog(undefined)}
        onDelete={async () => {
          setDialog(undefined);
          // The request is gone afterwards: its Promise's page is where to go, not an error.
          if ((await run('delete')) && promisePage) navigate(promisePage);
        }}
      />
    </>
  );
}
