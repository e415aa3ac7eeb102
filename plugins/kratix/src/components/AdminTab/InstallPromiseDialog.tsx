import { useState } from 'react';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import Alert from '@material-ui/lab/Alert';
import { MarketplaceListing } from '@kratix-backstage/plugin-kratix-common';
import useAsync from 'react-use/esm/useAsync';
import { kratixApiRef, MarketplaceInstallResult } from '../../api/KratixApi';

/** Where an install writes, in words: the file committed, or the platform cluster's API. */
function whatIsWritten(preview: MarketplaceInstallResult): string {
  const what = preview.kind === 'PromiseRelease' ? 'PromiseRelease' : 'Promise';
  if (preview.action === 'unchanged')
    return `The platform already has this exact ${what} document: installing changes nothing.`;
  if (preview.path) {
    const repository =
      preview.mode === 'hybrid' ? 'requests repository' : 'platform repository';
    return `Commits ${preview.path} to the ${repository}; Kratix installs the ${what} from there.`;
  }
  return `Applies the ${what} to the platform cluster through its API (the API server accepted it in a dry run).`;
}

/**
 * Confirms installing or upgrading a marketplace Promise. It first asks the backend for a dry
 * run, which writes nothing, and shows what the real install would do: the version, the
 * version it replaces, and the file it commits (or that it goes through the cluster's API).
 */
export function InstallPromiseDialog(props: {
  platform: string;
  entry: MarketplaceListing;
  onClose(): void;
  onInstalled(result: MarketplaceInstallResult): void;
}) {
  const { platform, entry, onClose, onInstalled } = props;
  const api = useApi(kratixApiRef);
  const [installing, setInstalling] = useState(false);
  const [failure, setFailure] = useState<string>();
  const preview = useAsync(
    () => api.installPromise(platform, entry.name, { dryRun: true }),
    [api, platform, entry.name],
  );
  const upgrade = entry.installed;
  const verb = upgrade ? 'Upgrade' : 'Install';
  const version = preview.value?.version ?? entry.upgradeTo ?? entry.version;
  const installedVersion =
    preview.value?.installedVersion ?? entry.installedVersion;

  const confirm = async () => {
    setInstalling(true);
    setFailure(undefined);
    try {
      onInstalled(await api.installPromise(platform, entry.name));
    } catch (e) {
      setFailure((e as Error).message);
      setInstalling(false);
    }
  };

  return (
    <Dialog
      open
      onClose={installing ? undefined : onClose}
      aria-labelledby="kratix-install-title"
      fullWidth
      maxWidth="sm"
    >
      <DialogTitle id="kratix-install-title">
        {verb} Promise {entry.name}
        {version ? ` ${version}` : ''} on {platform}?
      </DialogTitle>
      <DialogContent>
        {preview.loading && <Progress />}
        {preview.error && (
          <Alert severity="error">
            The dry run failed, so nothing can be installed:{' '}
            {preview.error.message}
          </Alert>
        )}
        {preview.value && (
          <>
            <DialogContentText>
              {upgrade
                ? `Version: ${installedVersion ?? 'unknown'} → ${
                    version ?? 'unknown'
                  }`
                : `Version: ${version ?? 'not stated by the Promise'}`}
            </DialogContentText>
            <DialogContentText>
              {whatIsWritten(preview.value)}
            </DialogContentText>
            <DialogContentText variant="body2">
              Source: <code>{preview.value.source ?? entry.url}</code>
            </DialogContentText>
          </>
        )}
        {failure && (
          <Alert severity="error">
            Could not {verb.toLowerCase()} {entry.name}: {failure}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={installing}>
          Cancel
        </Button>
        <Button
          color="primary"
          variant="contained"
          disabled={!preview.value || installing}
          onClick={confirm}
        >
          {installing ? `${upgrade ? 'Upgrading' : 'Installing'}…` : verb}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
