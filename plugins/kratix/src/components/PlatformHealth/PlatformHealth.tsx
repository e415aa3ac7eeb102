import {
  StatusError,
  StatusOK,
  StatusPending,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { PlatformView } from '@kratix-backstage/plugin-kratix-common';
import { kratixApiRef } from '../../api/KratixApi';
import { useKratixLive, useReloadableAsync } from '../../hooks';

// Rendered inside the page Header, whose background is the theme's page banner: the text
// takes the banner's font colour, as the Header's own labels do.
const useStyles = makeStyles(theme => ({
  health: { color: theme.page.fontColor },
  lastRead: { color: theme.page.fontColor, opacity: 0.8 },
}));

function PlatformLine({ platform }: { platform: PlatformView }) {
  const classes = useStyles();
  const { connected, lastError, lastSync } = platform.health;
  return (
    <Grid item aria-label={`platform ${platform.name}`}>
      <Typography component="div" variant="body2" className={classes.health}>
        {connected ? (
          <StatusOK>
            {platform.title} ({platform.mode})
          </StatusOK>
        ) : (
          <StatusError>
            platform {platform.name} unreachable
            {lastError ? `: last error ${lastError}` : ''}
          </StatusError>
        )}
      </Typography>
      {lastSync && (
        // For an unreachable platform this dates what the lists below still show.
        <Typography
          variant="caption"
          display="block"
          className={classes.lastRead}
        >
          last read {new Date(lastSync).toLocaleString()}
        </Typography>
      )}
    </Grid>
  );
}

/**
 * The health of every configured platform, one item each: its title and mode when connected,
 * or "platform X unreachable" with the last error. Meant for the children of a page Header.
 *
 * @public
 */
export function PlatformHealth() {
  const classes = useStyles();
  const api = useApi(kratixApiRef);
  const { value, loading, error, retry } = useReloadableAsync(
    () => api.getPlatforms(),
    [api],
  );
  useKratixLive(value?.map(p => p.name) ?? [], 'health', retry);
  if (loading) {
    return (
      <Grid item>
        <Typography component="div" variant="body2" className={classes.health}>
          <StatusPending>Checking platforms…</StatusPending>
        </Typography>
      </Grid>
    );
  }
  if (error) {
    // The tables below explain the failure in full; the header only says it happened.
    return (
      <Grid item>
        <Typography component="div" variant="body2" className={classes.health}>
          <StatusError>Kratix backend unreachable: {error.message}</StatusError>
        </Typography>
      </Grid>
    );
  }
  return (
    <>
      {value?.map(platform => (
        <PlatformLine key={platform.name} platform={platform} />
      ))}
    </>
  );
}
