import { useState } from 'react';
import { InfoCard, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  kratixResourceManageAnyPermission,
  RevisionMoveResult,
} from '@kratix-backstage/plugin-kratix-common';
import { kratixApiRef } from '../../api/KratixApi';
import { PermissionCheckFailed } from '../permissions';

/**
 * Moves many requests of a Promise to one retained revision, then reloads the page. Shown to
 * the platform's admins only (the backend refuses anyone else with 403).
 */
export function MoveRequestsCard({
  platform,
  promise,
  versions,
  requests,
  onMoved,
}: {
  platform: string;
  promise: string;
  /** Retained versions, newest first. */
  versions: string[];
  /** Requests to choose from, with the version their binding asks for where one is known. */
  requests: Array<{ namespace: string; name: string; desiredVersion?: string }>;
  onMoved: () => void;
}) {
  const api = useApi(kratixApiRef);
  const [target, setTarget] = useState(versions[0] ?? 'latest');
  const [chosen, setChosen] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<RevisionMoveResult>();
  const [error, setError] = useState<Error>();
  // The backend moves many requests for a platform admin only (manage-any on the platform).
  const admin = usePermission({
    permission: kratixResourceManageAnyPermission,
    resourceRef: platform,
  });
  const key = (r: { namespace: string; name: string }) =>
    `${r.namespace}/${r.name}`;
  const toggle = (k: string) =>
    setChosen(c => (c.includes(k) ? c.filter(x => x !== k) : [...c, k]));
  const move = async () => {
    setBusy(true);
    setError(undefined);
    setResult(undefined);
    try {
      const picked = requests
        .filter(r => chosen.includes(key(r)))
        .map(({ namespace, name }) => ({ namespace, name }));
      setResult(
        await api.moveRequestsToRevision({ platform, promise }, target, picked),
      );
      setChosen([]);
      onMoved();
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };
  if (admin.loading || (!admin.allowed && !admin.error)) return null;
  if (admin.error)
    return (
      <PermissionCheckFailed
        act={`move requests of ${promise} to another revision`}
        error={admin.error}
      />
    );
  return (
    <InfoCard title="Move requests to another revision (platform admins)">
      <TextField
        select
        label="Move to"
        value={target}
        onChange={e => setTarget(e.target.value)}
        SelectProps={{ native: true }}
        inputProps={{ 'aria-label': 'Move to' }}
        style={{ minWidth: 160 }}
      >
        {['latest', ...versions].map(v => (
          <option key={v} value={v}>
            {v === 'latest' ? 'latest (floating)' : v}
          </option>
        ))}
      </TextField>
      <div>
        {requests.map(r => (
          <FormControlLabel
            key={key(r)}
            control={
              <Checkbox
                checked={chosen.includes(key(r))}
                onChange={() => toggle(key(r))}
              />
            }
            label={
              r.desiredVersion
                ? `${key(r)} (bound to ${r.desiredVersion})`
                : `${key(r)} (no ResourceBinding declared)`
            }
          />
        ))}
      </div>
      <Button
        variant="contained"
        color="primary"
        disabled={busy || chosen.length === 0}
        onClick={move}
      >
        Move {chosen.length} request(s) to {target}
      </Button>
      {result && (
        <Typography role="status" style={{ marginTop: 8 }}>
          Moved {result.moved} request(s) to {result.version}
          {result.failed > 0 &&
            `; not moved: ${result.results
              .filter(r => !r.moved)
              .map(r => `${key(r)} (${r.error?.message})`)
              .join(', ')}`}
          . Kratix reconciles each against it.
        </Typography>
      )}
      {error && <ResponseErrorPanel error={error} />}
    </InfoCard>
  );
}
