import { Link } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { RequestDetail } from '@kratix-backstage/plugin-kratix-common';
import { EventTime } from '../EventsCard';

/** The state-store commits that carried the request's documents to its clusters. */
export function RequestDeliveries({ detail }: { detail: RequestDetail }) {
  const deliveries = detail.deliveries ?? [];
  if (deliveries.length === 0) return null;
  return (
    <Typography variant="body2" component="div" style={{ marginTop: 8 }}>
      {deliveries.map(c => (
        <div key={c.commit}>
          Carried to {c.destinations.join(', ')} by commit{' '}
          {c.url ? (
            <Link to={c.url}>
              <code>{c.commit.slice(0, 12)}</code>
            </Link>
          ) : (
            <code>{c.commit.slice(0, 12)}</code>
          )}
          {c.time && (
            <>
              {' '}
              (<EventTime iso={c.time} />)
            </>
          )}
        </div>
      ))}
    </Typography>
  );
}
