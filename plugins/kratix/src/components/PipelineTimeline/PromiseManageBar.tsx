import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { useNotify } from '../../hooks/useNotify';
import { usePermission } from '@backstage/plugin-permission-react';
import { Button, ButtonGroup, Typography } from '@material-ui/core';
import {
  kratixPromiseManagePermission,
  PromiseManageAction,
} from '@kratix-backstage/plugin-kratix-common';
import { kratixApiRef } from '../../api/KratixApi';
import { PermissionCheckFailed } from '../permissions';

/** Props of {@link PromiseManageBar}. @public */
export interface PromiseManageBarProps {
  platform: string;
  promise: string;
  /** The Promise's availability as readPromiseStatus reads it (`Paused`, `Suspended`, ...). */
  availability?: string;
  /** Called after an act succeeded, to read the Promise again. */
  onDone?: () => void;
}

/**
 * Pause or resume, "Reconcile now" and resume a suspended workflow of a Promise: shown only
 * to the platform's admins (`kratix.promise.manage` on the platform).
 * @public
 */
export function PromiseManageBar({
  platform,
  promise,
  availability,
  onDone,
}: PromiseManageBarProps) {
  const api = useApi(kratixApiRef);
  const notify = useNotify();
  const [busy, setBusy] = useState(false);
  const check = usePermission({
    permission: kratixPromiseManagePermission,
    resourceRef: platform,
  });
  if (check.loading) return null;
  if (check.error)
    return (
      <PermissionCheckFailed
        act={`manage the Promise ${promise}`}
        error={check.error}
      />
    );
  if (!check.allowed)
    return (
      <Typography variant="caption" color="textSecondary">
        Only a platform admin can pause, resume or reconcile this Promise
      </Typography>
    );
  const run = async (action: PromiseManageAction) => {
    setBusy(true);
    try {
      const result = await api.managePromise({ platform, promise }, action);
      notify({ message: result.message, severity: 'success' });
      onDone?.();
    } catch (error) {
      notify({
        message: `Could not ${action} Promise ${promise}: ${
          (error as Error).message
        }`,
        severity: 'error',
      });
    } finally {
      setBusy(false);
    }
  };
  const paused = availability === 'Paused';
  return (
    <ButtonGroup
      size="small"
      disabled={busy}
      aria-label={`Manage the Promise ${promise}`}
    >
      <Button onClick={() => run('rerun')}>Reconcile now</Button>
      <Button onClick={() => run(paused ? 'resume' : 'pause')}>
        {paused ? 'Resume' : 'Pause'}
      </Button>
      {availability === 'Suspended' && (
        <Button onClick={() => run('resume-suspended')}>
          Resume suspended
        </Button>
      )}
    </ButtonGroup>
  );
}
