import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
  Table,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import {
  FLEET_PROBLEM_KINDS,
  FLEET_PROBLEM_TITLES,
  FleetProblem,
} from '@kratix-backstage/plugin-kratix-common';
import { kratixApiRef } from '../../api/KratixApi';
import { useKratixLive, useReloadableAsync } from '../../hooks';
import { EventTime } from '../EntityKratixContent/EventsCard';
import {
  ClusterPageLink,
  PromisePageLink,
  RequestEntityLink,
  useKratixPaths,
} from '../links';
import { wordCell } from '../tableLayout';

/** The thing a row is about, linked to the page where it is fixed. */
function Subject({ item }: { item: FleetProblem }) {
  const paths = useKratixPaths();
  const { platform, subject } = item;
  switch (subject.kind) {
    case 'Request':
      return (
        <RequestEntityLink
          platform={platform}
          promise={subject.promise ?? ''}
          namespace={subject.namespace ?? ''}
          name={subject.name}
        >
          {subject.promise} {subject.namespace}/{subject.name}
        </RequestEntityLink>
      );
    case 'Promise':
      return (
        <>
          Promise <PromisePageLink platform={platform} name={subject.name} />
        </>
      );
    case 'Destination':
      return (
        <>
          Cluster <ClusterPageLink platform={platform} name={subject.name} />
        </>
      );
    default: {
      const to = paths.stateStores();
      return (
        <>
          State store {to ? <Link to={to}>{subject.name}</Link> : subject.name}
        </>
      );
    }
  }
}

/**
 * What needs fixing across the platforms the user administers: a count of each kind
 * (failing, suspended and paused pipelines, requests on older revisions, unhealthy requests,
 * Destinations not ready or failing to write, misplaced Works, state stores in error), then
 * one row per thing with a link to its page; the platforms that could not be read, and what
 * a gitops platform cannot show.
 * @public
 */
export function FleetHealth() {
  const api = useApi(kratixApiRef);
  const { value, loading, error, retry } = useReloadableAsync(
    () => api.getFleetHealth(),
    [api],
  );
  useKratixLive(undefined, ['request', 'promise', 'destination'], retry);
  if (error)
    return (
      <ResponseErrorPanel
        title="Could not read the health of the fleet"
        error={error}
      />
    );
  if (loading && !value) return <Progress />;
  const health = value!;
  return (
    <InfoCard
      title="Fleet health"
      subheader="What needs fixing across the platforms you administer"
    >
      <div aria-label="problem counts" style={{ marginBottom: 8 }}>
        {FLEET_PROBLEM_KINDS.map(kind => (
          <Chip
            key={kind}
            size="small"
            style={{ margin: 2 }}
            color={health.counts[kind] > 0 ? 'secondary' : 'default'}
            label={`${FLEET_PROBLEM_TITLES[kind]}: ${health.counts[kind]}`}
          />
        ))}
      </div>
      {health.errors.map(e => (
        <WarningPanel
          key={`error-${e.platform}`}
          severity="error"
          title={`Could not read platform ${e.platform}`}
          message={e.message}
        />
      ))}
      {health.notes.map((n, i) => (
        <WarningPanel
          key={`note-${n.platform}-${i}`}
          severity="info"
          title={`What platform ${n.platform} cannot show`}
          message={n.message}
        />
      ))}
      {health.items.length === 0 ? (
        <Typography color="textSecondary">
          Nothing to fix on the platforms you administer.
        </Typography>
      ) : (
        <Table<FleetProblem>
          options={{
            paging: health.items.length > 20,
            pageSize: 20,
            search: true,
            padding: 'dense',
          }}
          columns={[
            {
              title: 'Problem',
              cellStyle: wordCell,
              render: p => FLEET_PROBLEM_TITLES[p.kind],
              customFilterAndSearch: (term, p) =>
                FLEET_PROBLEM_TITLES[p.kind]
                  .toLowerCase()
                  .includes(String(term).toLowerCase()),
            },
            {
              title: 'What',
              cellStyle: wordCell,
              render: p => <Subject item={p} />,
            },
            { title: 'Platform', field: 'platform', cellStyle: wordCell },
            { title: 'Message', field: 'message', cellStyle: wordCell },
            {
              title: 'Since',
              cellStyle: wordCell,
              render: p => <EventTime iso={p.since} />,
            },
          ]}
          data={health.items.map(p => ({ ...p }))}
        />
      )}
    </InfoCard>
  );
}
