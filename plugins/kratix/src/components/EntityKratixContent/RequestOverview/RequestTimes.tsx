import { Fragment } from 'react';
import Typography from '@material-ui/core/Typography';
import { RequestDetail } from '@kratix-backstage/plugin-kratix-common';
import { EventTime } from '../EventsCard';

/** When the request was created and changed, as far as the platform records it. */
export function RequestTimes({ detail }: { detail: RequestDetail }) {
  const times = detail.times ?? {};
  const rows: Array<[string, string | undefined]> = [
    ['Created', times.created ?? detail.createdAt],
    ['Updated', times.updated],
    ['Last configured', times.lastConfigured],
  ];
  const known = rows.filter(([, iso]) => iso);
  if (known.length === 0) return null;
  return (
    <Typography variant="body2" component="div" style={{ marginTop: 8 }}>
      {known.map(([label, iso], i) => (
        <Fragment key={label}>
          {i > 0 && ' · '}
          {label} <EventTime iso={iso} />
        </Fragment>
      ))}
    </Typography>
  );
}
