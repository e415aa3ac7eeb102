import { Link } from '@backstage/core-components';
import { configApiRef, useApi } from '@backstage/core-plugin-api';
import Typography from '@material-ui/core/Typography';
import {
  ObjectMeta,
  traceParentOf,
  traceViewerUrl,
} from '@kratix-backstage/plugin-kratix-common';

/** The app-config key of the trace viewer's URL template (`{traceId}`, `{spanId}`). */
export const TRACE_VIEWER_URL_CONFIG = 'kratix.traceViewerUrl';

/**
 * A link to the trace Kratix records for an object in its `kratix.io/trace-parent`
 * annotation, where the app configures a trace viewer; nothing otherwise.
 */
export function TraceLink({
  metadata,
}: {
  metadata?: Pick<ObjectMeta, 'annotations'>;
}) {
  const config = useApi(configApiRef);
  const trace = traceParentOf(metadata);
  if (!trace) return null;
  const url = traceViewerUrl(
    config.getOptionalString(TRACE_VIEWER_URL_CONFIG),
    trace,
  );
  if (!url) return null;
  return (
    <Typography variant="body2" style={{ marginTop: 8 }}>
      <Link to={url}>View its trace</Link> (trace <code>{trace.traceId}</code>)
    </Typography>
  );
}
