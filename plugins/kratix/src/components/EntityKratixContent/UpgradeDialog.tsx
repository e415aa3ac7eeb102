import { useState } from 'react';
import { Progress, WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import {
  FLOATING_VERSION,
  PromiseRevisionsResponse,
  RequestDetail,
} from '@kratix-backstage/plugin-kratix-common';
import useAsync from 'react-use/esm/useAsync';
import { kratixApiRef } from '../../api/KratixApi';

/** A version the request can be bound to, as the picker lists it. */
interface OfferedVersion {
  value: string;
  label: string;
}

/**
 * What a ResourceBinding may be set to: `latest` (follow the newest revision) and every
 * retained PromiseRevision, newest first. Kratix reconciles a pinned binding only against the
 * revision of exactly that version, so nothing else is offered (the backend refuses it too).
 */
function offeredVersions(
  revisions: PromiseRevisionsResponse,
): OfferedVersion[] {
  const retained = revisions.revisions ?? [];
  if (retained.length === 0) return [];
  const latest =
    revisions.latestVersion ?? retained.find(r => r.latest)?.version;
  return [
    {
      value: FLOATING_VERSION,
      label: latest
        ? `latest (follows the newest revision, now ${latest})`
        : 'latest (follows the newest revision)',
    },
    ...retained.map(r => ({
      value: r.version,
      label: r.latest ? `${r.version} (newest)` : r.version,
    })),
  ];
}

/** The picker's first choice: the version the binding asks for now, where it is offered. */
function initialVersion(detail: RequestDetail, offered: OfferedVersion[]) {
  const wanted = detail.binding?.desiredVersion;
  return offered.find(v => v.value === wanted)?.value ?? offered[0]?.value;
}

/** The version picker, once the Promise's revisions are read. */
function VersionPicker(props: {
  detail: RequestDetail;
  offered: OfferedVersion[];
  onClose(): void;
  onUpgrade(version: string): void;
}) {
  const { detail, offered, onClose, onUpgrade } = props;
  const [version, setVersion] = useState(() => initialVersion(detail, offered));
  return (
    <>
      <DialogContent>
        <DialogContentText>
          Kratix moves the request's ResourceBinding to this version of Promise{' '}
          {detail.promise} and runs its pipelines again
          {detail.binding?.appliedVersion
            ? ` (now at ${detail.binding.appliedVersion})`
            : ''}
          .
        </DialogContentText>
        <TextField
          select
          fullWidth
          label="Promise version"
          value={version ?? ''}
          onChange={e => setVersion(e.target.value)}
          SelectProps={{ native: true }}
          inputProps={{ 'aria-label': 'Promise version' }}
        >
          {offered.map(v => (
            <option key={v.value} value={v.value}>
              {v.label}
            </option>
          ))}
        </TextField>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button
          color="primary"
          disabled={!version}
          onClick={() => version && onUpgrade(version)}
        >
          Upgrade
        </Button>
      </DialogActions>
    </>
  );
}

/**
 * Asks which version to upgrade a request to, picked from the versions the platform retains
 * for its Promise (its PromiseRevisions). Where they cannot be read, it says so and offers no
 * upgrade: a typed version Kratix does not retain would leave the request unreconciled.
 */
export function UpgradeDialog(props: {
  detail: RequestDetail;
  open: boolean;
  onClose(): void;
  onUpgrade(version: string): void;
}) {
  const { detail, open, onClose, onUpgrade } = props;
  const api = useApi(kratixApiRef);
  // Read when the dialog opens, so each opening offers what the platform retains now.
  const revisions = useAsync(
    async () =>
      open
        ? api.getPromiseRevisions(detail.platform, detail.promise)
        : undefined,
    [open, api, detail.platform, detail.promise],
  );
  const offered = revisions.value ? offeredVersions(revisions.value) : [];
  let unavailable: string | undefined;
  if (revisions.error) unavailable = revisions.error.message;
  else if (revisions.value && !revisions.value.available)
    unavailable = revisions.value.reason ?? 'the platform does not say why';
  else if (revisions.value && offered.length === 0)
    unavailable = 'the platform retains no revision of it';
  return (
    <Dialog
      open={open}
      onClose={onClose}
      aria-labelledby="kratix-upgrade-title"
      fullWidth
      maxWidth="sm"
    >
      <DialogTitle id="kratix-upgrade-title">
        Upgrade {detail.namespace}/{detail.name}
      </DialogTitle>
      {(revisions.loading ||
        (open && !revisions.value && !revisions.error)) && (
        <DialogContent>
          <Progress />
        </DialogContent>
      )}
      {unavailable !== undefined && (
        <>
          <DialogContent>
            <WarningPanel
              severity="info"
              title={`Cannot offer versions of Promise ${detail.promise} to upgrade to`}
              message={`Its revisions could not be read: ${unavailable}`}
              defaultExpanded
            />
          </DialogContent>
          <DialogActions>
            <Button onClick={onClose}>Close</Button>
          </DialogActions>
        </>
      )}
      {unavailable === undefined && offered.length > 0 && (
        <VersionPicker
          // A new list (the dialog opened again) starts from the binding's version again.
          key={offered.map(v => v.value).join(' ')}
          detail={detail}
          offered={offered}
          onClose={onClose}
          onUpgrade={onUpgrade}
        />
      )}
    </Dialog>
  );
}
