import { ResponseErrorPanel, StatusError, StatusOK, StatusPending } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { kratixApiRef } from '../../api/KratixApi';

/** One line per platform: its mode and whether it can be reached, with the last error. @public */
export function PlatformHealth() {
  const api = useApi(kratixApiRef);
  const { value, loading, error } = useAsync(() => api.getPlatforms(), [api]);
  if (loading) return <StatusPending>Checking platforms…</StatusPending>;
  if (error) return <ResponseErrorPanel title="Could not reach the Kratix backend; is the kratix backend plugin installed?" error={error} />;
  return (
    <Box display="flex" flexWrap="wrap" style={{ gap: 24 }} mb={2}>
      {value!.map(p => (
        <Box key={p.name} aria-label={`platform ${p.name}`}>
          {p.health.connected ? (
            <StatusOK>
              {p.title} ({p.mode})
            </StatusOK>
          ) : (
            <StatusError>
              platform {p.name} unreachable{p.health.lastError ? `: last error ${p.health.lastError}` : ''}
            </StatusError>
          )}
          {p.health.lastSync && (
            <Typography variant="caption" color="textSecondary" display="block">
              last read {new Date(p.health.lastSync).toLocaleString()}
            </Typography>
          )}
        </Box>
      ))}
    </Box>
  );
}
