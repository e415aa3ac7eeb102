import { Fragment, useRef, useState } from 'react';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  StatusError,
  StatusOK,
  Table,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Chip from '@material-ui/core/Chip';
import Grid from '@material-ui/core/Grid';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import Typography from '@material-ui/core/Typography';
import {
  KRATIX_BACKSTAGE_KEYS,
  PromiseDetail,
  RequestListItem,
} from '@kratix-backstage/plugin-kratix-common';
import { useParams } from 'react-router-dom';
import { KratixApi, kratixApiRef } from '../../api/KratixApi';
import { useKratixLive, useReloadableAsync } from '../../hooks';
import { AvailabilityStatus } from '../PromisesTable';
import { ConditionsCard } from '../ConditionsCard';
import { RequestButton } from './RequestButton';
import { RequiredPromiseGraph } from './RequiredPromiseGraph';
import { SchemaTree } from './SchemaTree';
import { PromiseVersions } from './PromiseVersions';
import { PipelineTimeline } from '../PipelineTimeline/PipelineTimeline';
import { PromiseManageBar } from '../PipelineTimeline/PromiseManageBar';
import { DerivedNote } from '../DerivedNote';
import { ClusterPageLink, RequestEntityLink } from '../links';
import { OwnerLink } from '../OwnerLink';
import { chipRow, wordCell } from '../tableLayout';
import { KratixSubPage, useSubPageTitle } from '../KratixSubPage';
import { EventsCard } from '../EntityKratixContent/EventsCard';

/** Lets a status word that is a link be read as one (statuses are `aria-hidden` by default). */
const linkable = { 'aria-hidden': false, 'aria-label': undefined } as const;

/** The Promise page at `promises/:platform/:name` under the Kratix page. @public */
export function PromisePage() {
  const { platform = '', name = '' } = useParams();
  return (
    <KratixSubPage list="promises" platform={platform} name={name}>
      <PromiseView platform={platform} name={name} />
    </KratixSubPage>
  );
}

/** What people call a Promise: its display-name annotation, else its name. */
function promiseTitle(promise: PromiseDetail): string {
  return (
    promise.promise?.metadata?.annotations?.[
      KRATIX_BACKSTAGE_KEYS.displayName
    ] || promise.name
  );
}

/**
 * The names of the platform's Promises, which have a page to link to; undefined when the
 * platform cannot say (the page then links every name, as it did without the list).
 */
async function promiseNamesOf(
  api: KratixApi,
  platform: string,
): Promise<Set<string> | undefined> {
  try {
    const { items, errors } = await api.getPromises({ platform });
    if (errors.some(e => e.platform === platform)) return undefined;
    return new Set(items.filter(p => p.platform === platform).map(p => p.name));
  } catch {
    return undefined;
  }
}

/** One Promise: status, API, selectors and clusters, workflows, requirements and requests. @public */
export function PromiseView({
  platform,
  name,
}: {
  platform: string;
  name: string;
}) {
  const api = useApi(kratixApiRef);
  const [tab, setTab] = useState<'overview' | 'versions'>('overview');
  const { value, loading, error, retry } = useReloadableAsync(async () => {
    const [promise, revisions, platformPromises] = await Promise.all([
      api.getPromise(platform, name),
      // The Versions tab and the older-revision count; the page stands without them.
      api.getPromiseRevisions(platform, name).catch(() => undefined),
      promiseNamesOf(api, platform),
    ]);
    return { promise, revisions, platformPromises };
  }, [api, platform, name]);
  // Live: the Promise, its requests (the count), and clusters (where it may land).
  useKratixLive(platform, ['promise', 'destination'], retry);
  // On the Kratix page, the header carries the Promise's name (the entity page's does in a tab).
  useSubPageTitle(value && promiseTitle(value.promise));
  if (loading) return <Progress />;
  if (error)
    return (
      <ResponseErrorPanel
        title={`Could not read Promise ${name} on platform ${platform}`}
        error={error}
      />
    );
  const { promise, revisions, platformPromises } = value!;
  const status = promise.status;
  // Every Destination of the platform is weighed for eligibility: the names with a page.
  const destinations = new Set(
    promise.eligibleDestinations.map(d => d.destination),
  );
  const older = revisions?.requestsOnOlderRevisions ?? 0;
  return (
    <>
      <Tabs
        value={tab}
        onChange={(_, v) => setTab(v)}
        indicatorColor="primary"
        style={{ marginBottom: 16 }}
      >
        <Tab value="overview" label="Overview" />
        <Tab value="versions" label="Versions" />
      </Tabs>
      {tab === 'versions' && revisions && (
        <PromiseVersions
          platform={platform}
          promise={promise.name}
          revisions={revisions}
          onMoved={retry}
        />
      )}
      {tab === 'versions' && !revisions && (
        <WarningPanel title="Could not read this Promise's revisions" />
      )}
      <Grid
        container
        spacing={3}
        style={tab === 'overview' ? undefined : { display: 'none' }}
      >
        <Grid item xs={12}>
          <div style={chipRow}>
            <Chip label={promise.version ?? 'no version'} size="small" />
            {older > 0 && (
              <Chip
                label={`${older} request(s) on an older revision`}
                size="small"
                onClick={() => setTab('versions')}
              />
            )}
          </div>
          {promise.description && (
            <Typography>{promise.description}</Typography>
          )}
          {status.catchUp.updating && (
            <WarningPanel title="Kratix is still reconciling the latest change to this Promise" />
          )}
          {promise.hasApi && (
            <RequestButton
              platform={platform}
              promise={promise.name}
              kind={promise.kind}
            />
          )}
        </Grid>
        <Grid item xs={12} md={6}>
          <InfoCard title="Status">
            <AvailabilityStatus
              availability={promise.availability}
              reason={promise.reason}
              message={promise.message}
              derived={promise.statusSource === 'state-store'}
            />
            <div style={{ marginTop: 8 }}>
              <PromiseManageBar
                platform={platform}
                promise={promise.name}
                availability={promise.availability}
                onDone={retry}
              />
            </div>
            {promise.release && (
              <Typography variant="body2" style={{ marginTop: 8 }}>
                Installed by PromiseRelease <code>{promise.release.name}</code>
                {promise.release.version
                  ? ` at version ${promise.release.version}`
                  : ''}
                {promise.release.sourceUrl && (
                  <>
                    {' '}
                    from <code>{promise.release.sourceUrl}</code>
                  </>
                )}
                {promise.release.status ? ` (${promise.release.status})` : ''}
              </Typography>
            )}
          </InfoCard>
        </Grid>
        <Grid item xs={12} md={6}>
          <InfoCard title="Required Promises">
            <RequiredPromiseGraph
              promise={promise}
              platformPromises={platformPromises}
            />
          </InfoCard>
        </Grid>
        <ConditionsCard conditions={status.conditions} typeTitle="Condition" />
        <Grid item xs={12} md={6}>
          <InfoCard title="API">
            {promise.api ? (
              <>
                <Typography gutterBottom>
                  <code>
                    {promise.api.group}/{promise.api.version}
                  </code>{' '}
                  kind <code>{promise.api.kind}</code> ({promise.api.plural},{' '}
                  {promise.api.scope})
                </Typography>
                <SchemaTree schema={promise.api.schema as any} />
              </>
            ) : (
              <Typography>
                No API: this Promise only delivers worker resources to clusters.
              </Typography>
            )}
          </InfoCard>
        </Grid>
        <Grid item xs={12} md={6}>
          <InfoCard title="Where it may land">
            <Typography gutterBottom>
              Selectors:{' '}
              {promise.destinationSelectors.length
                ? promise.destinationSelectors
                    .map(s =>
                      Object.entries(s.matchLabels ?? {})
                        .map(([k, v]) => `${k}=${v}`)
                        .join(', '),
                    )
                    .join(' AND ')
                : 'none (every cluster without strict labels)'}
            </Typography>
            <ul>
              {promise.eligibleDestinations.map(d => (
                <li key={d.destination}>
                  {/* The status hides its content from assistive technology; the link must not be. */}
                  {d.matches ? (
                    <StatusOK {...linkable}>
                      <ClusterPageLink
                        platform={platform}
                        name={d.destination}
                      />
                    </StatusOK>
                  ) : (
                    <StatusError {...linkable}>
                      <ClusterPageLink
                        platform={platform}
                        name={d.destination}
                      />
                    </StatusError>
                  )}{' '}
                  <Typography variant="caption" color="textSecondary">
                    {d.reasons.join('; ')}
                  </Typography>
                </li>
              ))}
            </ul>
            {promise.dependencies.length > 0 && (
              <Typography variant="body2">
                Dependencies:{' '}
                {promise.dependencies
                  .map(
                    d =>
                      `${d.kind} ${d.namespace ? `${d.namespace}/` : ''}${
                        d.name
                      }`,
                  )
                  .join(', ')}
              </Typography>
            )}
            {promise.workerResources.length > 0 && (
              <Typography variant="body2">
                Worker resources written to{' '}
                {[
                  ...new Set(promise.workerResources.map(p => p.destination)),
                ].map((destination, i) => (
                  <Fragment key={destination}>
                    {i > 0 && ', '}
                    {destinations.has(destination) ? (
                      <ClusterPageLink platform={platform} name={destination} />
                    ) : (
                      // A state-store path naming no Destination of the platform has no page.
                      destination
                    )}
                  </Fragment>
                ))}
              </Typography>
            )}
          </InfoCard>
        </Grid>
        <Grid item xs={12}>
          <InfoCard title="Workflows">
            <PipelineTimeline workflow={status.workflow} />
            <Table
              options={{
                paging: false,
                search: false,
                toolbar: false,
                padding: 'dense',
              }}
              columns={[
                {
                  title: 'Workflow',
                  render: (p: any) => `${p.workflow}.${p.action}`,
                },
                { title: 'Pipeline', field: 'name' },
                {
                  title: 'Images',
                  render: (p: any) =>
                    p.images
                      .map((i: any) => `${i.container}: ${i.image}`)
                      .join(', '),
                },
              ]}
              data={promise.pipelines.map(p => ({ ...p }))}
            />
          </InfoCard>
        </Grid>
        <EventsCard events={promise.events} />
        <Grid item xs={12}>
          {promise.hasApi ? (
            <PromiseRequests platform={platform} promise={promise} />
          ) : (
            <InfoCard title="Requests">
              <Typography>
                {promise.name} has no API, so it takes no requests: it only
                installs its worker resources on the clusters it lands on (see
                Where it may land).
              </Typography>
            </InfoCard>
          )}
        </Grid>
      </Grid>
    </>
  );
}

/** The requests of a Promise with an API, paged and searched on the server. */
function PromiseRequests({
  platform,
  promise,
}: {
  platform: string;
  promise: PromiseDetail;
}) {
  const api = useApi(kratixApiRef);
  // Paged on the server: a change asks the table to run its current query again.
  const tableRef = useRef<{ onQueryChange?: () => void }>();
  useKratixLive(platform, 'promise', () => tableRef.current?.onQueryChange?.());
  return (
    <Table<RequestListItem>
      tableRef={tableRef}
      title={`Requests (${promise.requestCount})`}
      options={{
        paging: true,
        pageSize: 20,
        // A Promise with one request shows one row, not twenty with nineteen blank.
        emptyRowsWhenPaging: false,
        search: true,
        padding: 'dense',
      }}
      columns={[
        {
          title: 'Request',
          cellStyle: wordCell,
          render: r => (
            <RequestEntityLink
              platform={platform}
              promise={promise.name}
              namespace={r.namespace}
              name={r.name}
            />
          ),
        },
        {
          title: 'Phase',
          field: 'phase',
          cellStyle: wordCell,
          render: r => (
            <>
              {r.phase}
              {r.statusSource === 'state-store' && <DerivedNote />}
            </>
          ),
        },
        {
          title: 'Owner',
          field: 'owner',
          cellStyle: wordCell,
          render: r => <OwnerLink owner={r.owner} />,
        },
        { title: 'Message', field: 'message', cellStyle: wordCell },
      ]}
      // Paged and searched on the server: a Promise can have thousands of requests.
      data={async query => {
        const result = await api.getRequests({
          platform,
          promise: promise.name,
          search: query.search || undefined,
          page: query.page + 1,
          pageSize: query.pageSize,
        });
        return {
          data: result.items,
          page: result.page - 1,
          totalCount: result.totalCount,
        };
      }}
      localization={{
        body: {
          // Not "press Request": the button shows only where the app binds the scaffolder's route
          // and the catalog has the Promise's Template.
          emptyDataSourceMessage: `No requests of ${promise.name} yet.`,
        },
      }}
    />
  );
}
