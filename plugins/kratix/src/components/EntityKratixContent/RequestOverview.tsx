import { Fragment, useState } from 'react';
import {
  CodeSnippet,
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
  StatusWarning,
  StructuredMetadataTable,
  Table,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useNotify } from '../../hooks/useNotify';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import useAsync from 'react-use/esm/useAsync';
import Button from '@material-ui/core/Button';
import ButtonGroup from '@material-ui/core/ButtonGroup';
import Dialog from '@material-ui/core/Dialog';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import {
  kratixResourceManageAnyPermission,
  requestResourceRef,
  kratixResourceManagePermission,
  ManageAction,
  PipelineRun,
  RequestDetail,
} from '@kratix-backstage/plugin-kratix-common';
import { useNavigate } from 'react-router-dom';
import { DeleteDialog, usePromisePagePath } from './ManageDialogs';
import { UpgradeDialog } from './UpgradeDialog';
import { kratixApiRef } from '../../api/KratixApi';
import { useKratixLive, useReloadableAsync } from '../../hooks';
import { DerivedNote } from '../DerivedNote';
import { ClusterPageLink, PromisePageLink, RequestEntityLink } from '../links';
import { OwnerLink } from '../OwnerLink';
import { StoreFileList } from '../StoreFiles';
import { ConditionHistoryCard } from './ConditionHistoryCard';
import { EventsCard } from './EventsCard';
import { HealthHistoryCard } from './HealthHistoryCard';
import { TraceLink } from './TraceLink';
import { UpdateDialog } from './UpdateDialog';
import { longToken, wordCell } from '../tableLayout';
import { PipelineTimeline } from '../PipelineTimeline/PipelineTimeline';
import { PermissionCheckFailed } from '../permissions';
import { PipelineLogsPermission } from './PipelineLogsPermission';

function PhaseStatus({ phase, text }: { phase: string; text: string }) {
  switch (phase) {
    case 'Ready':
    case 'Succeeded':
      return <StatusOK>{text}</StatusOK>;
    case 'Failing':
    case 'Failed':
      return <StatusError>{text}</StatusError>;
    case 'Paused':
      return <StatusAborted>{text}</StatusAborted>;
    case 'Suspended':
      return <StatusWarning>{text}</StatusWarning>;
    case 'Running':
      return <StatusRunning>{text}</StatusRunning>;
    default:
      return <StatusPending>{text}</StatusPending>;
  }
}

function ManageActions({
  detail,
  onDone,
}: {
  detail: RequestDetail;
  onDone: () => void;
}) {
  const api = useApi(kratixApiRef);
  const notify = useNotify();
  const permissions = useApi(permissionApiRef);
  const navigate = useNavigate();
  const promisePage = usePromisePagePath(detail.platform, detail.promise);
  const [dialog, setDialog] = useState<'update' | 'upgrade' | 'delete'>();
  const resourceRef = requestResourceRef(
    detail.platform,
    detail.promise,
    detail.namespace,
    detail.name,
  );
  // Shown only when permitted, as the backend decides: to the platform's admins
  // (manage-any on the platform), or to the request's owners (manage on the request).
  // Nothing while checking; one allow is enough even if the other check failed.
  const check = useAsync(async () => {
    const decisions = await Promise.allSettled([
      permissions.authorize({
        permission: kratixResourceManageAnyPermission,
        resourceRef: detail.platform,
      }),
      permissions.authorize({
        permission: kratixResourceManagePermission,
        resourceRef,
      }),
    ]);
    if (
      decisions.some(
        d =>
          d.status === 'fulfilled' && d.value.result === AuthorizeResult.ALLOW,
      )
    )
      return true;
    const failed = decisions.find(d => d.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
    return false;
  }, [permissions, resourceRef]);
  const [busy, setBusy] = useState(false);
  if (check.loading) return null;
  if (check.error)
    return (
      <PermissionCheckFailed act="manage this request" error={check.error} />
    );
  if (!check.value)
    return (
      <Typography variant="caption" color="textSecondary">
        Only the request's owner or a platform admin can manage it
      </Typography>
    );
  if (detail.parent) {
    // Its parent's pipeline writes it: a change here would be undone on the parent's next run.
    return (
      <Typography variant="body2" color="textSecondary">
        Managed through its parent,{' '}
        <RequestEntityLink
          platform={detail.platform}
          promise={detail.parent.promise}
          namespace={detail.parent.namespace}
          name={detail.parent.name}
        >
          {detail.parent.promise} {detail.parent.namespace}/{detail.parent.name}
        </RequestEntityLink>
      </Typography>
    );
  }
  /** Carries out an action; true when it succeeded. */
  const run = async (
    action: ManageAction,
    version?: string,
  ): Promise<boolean> => {
    setBusy(true);
    try {
      const result = await api.manageRequest(detail, action, version);
      notify({
        message: result.message,
        severity: 'success',
        display: 'transient',
      });
      onDone();
      return true;
    } catch (error) {
      notify({
        message: `Could not ${action} ${detail.namespace}/${detail.name}: ${
          (error as Error).message
        }`,
        severity: 'error',
      });
      return false;
    } finally {
      setBusy(false);
    }
  };
  const paused = detail.phase === 'Paused';
  return (
    <>
      {/* Wraps on a narrow card rather than run past its edge. */}
      <ButtonGroup
        size="small"
        disabled={busy}
        aria-label="Manage the request"
        style={{ flexWrap: 'wrap', maxWidth: '100%' }}
      >
        <Button onClick={() => setDialog('update')}>Update</Button>
        <Button onClick={() => run('rerun')}>Re-run</Button>
        <Button onClick={() => run(paused ? 'resume' : 'pause')}>
          {paused ? 'Resume' : 'Pause'}
        </Button>
        {detail.phase === 'Suspended' && (
          <Button onClick={() => run('resume-suspended')}>
            Resume suspended
          </Button>
        )}
        {detail.binding && (
          <Button onClick={() => setDialog('upgrade')}>Upgrade</Button>
        )}
        <Button color="secondary" onClick={() => setDialog('delete')}>
          Delete
        </Button>
      </ButtonGroup>
      {dialog === 'update' && (
        <UpdateDialog
          detail={detail}
          open
          onClose={() => setDialog(undefined)}
          onUpdated={onDone}
        />
      )}
      {detail.binding && (
        <UpgradeDialog
          detail={detail}
          open={dialog === 'upgrade'}
          onClose={() => setDialog(undefined)}
          onUpgrade={version => {
            setDialog(undefined);
            run('upgrade', version);
          }}
        />
      )}
      <DeleteDialog
        detail={detail}
        open={dialog === 'delete'}
        onClose={() => setDialog(undefined)}
        onDelete={async () => {
          setDialog(undefined);
          // The request is gone afterwards: its Promise's page is where to go, not an error.
          if ((await run('delete')) && promisePage) navigate(promisePage);
        }}
      />
    </>
  );
}

/** A time as the reader's clock shows it, the exact instant on hover; a dash when unknown. */
function When({ iso }: { iso?: string }) {
  if (!iso) return <>—</>;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return <>{iso}</>;
  return (
    <time dateTime={iso} title={iso}>
      {date.toLocaleString()}
    </time>
  );
}

/** When the request was created and changed, as far as the platform records it. */
function RequestTimesList({ detail }: { detail: RequestDetail }) {
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
          {label} <When iso={iso} />
        </Fragment>
      ))}
    </Typography>
  );
}

/** The commit (and pull request) that last changed the request's file, in gitops mode. */
function Origin({ detail }: { detail: RequestDetail }) {
  const origin = detail.origin;
  if (!origin) return null;
  const sha = <code>{origin.commit.slice(0, 12)}</code>;
  const pr = origin.pullRequest;
  return (
    <Typography variant="body2" component="div" style={{ marginTop: 8 }}>
      Last changed by commit{' '}
      {origin.url ? <Link to={origin.url}>{sha}</Link> : sha}
      {origin.subject && <> “{origin.subject}”</>}
      {origin.author && <> by {origin.author}</>}
      {pr && (
        <>
          , merged from{' '}
          {pr.url ? (
            <Link to={pr.url}>pull request #{pr.number}</Link>
          ) : (
            <>pull request #{pr.number}</>
          )}
        </>
      )}
      {origin.path && (
        <>
          {' '}
          (<code>{origin.path}</code>)
        </>
      )}
    </Typography>
  );
}

/** The state-store commits that carried the request's documents to its clusters. */
function Delivery({ detail }: { detail: RequestDetail }) {
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
              (<When iso={c.time} />)
            </>
          )}
        </div>
      ))}
    </Typography>
  );
}

/** Opens the container logs of one pipeline run. */
function LogsButton(props: {
  platform: string;
  namespace: string;
  run: string;
}) {
  const api = useApi(kratixApiRef);
  const [open, setOpen] = useState(false);
  const { value, loading, error } = useAsync(
    async () =>
      open
        ? api.getPipelineLogs(props.platform, props.namespace, props.run)
        : undefined,
    [open, api, props.platform, props.namespace, props.run],
  );
  return (
    <>
      <Button
        size="small"
        onClick={() => setOpen(true)}
        aria-label={`Logs of ${props.run}`}
      >
        Logs
      </Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        maxWidth="lg"
        fullWidth
        aria-labelledby={`kratix-logs-${props.run}`}
      >
        <DialogTitle id={`kratix-logs-${props.run}`}>
          Logs of {props.run}
        </DialogTitle>
        <DialogContent>
          {loading && <Progress />}
          {error && (
            <ResponseErrorPanel title="Could not read the logs" error={error} />
          )}
          {value?.containers.map(c => (
            <div key={c.name}>
              <Typography variant="subtitle2">{c.name}</Typography>
              {c.log ? (
                <CodeSnippet
                  text={c.log}
                  language="text"
                  wrapLongLines
                  showCopyCodeButton
                />
              ) : (
                <Typography variant="body2" color="textSecondary">
                  (empty)
                </Typography>
              )}
            </div>
          ))}
        </DialogContent>
      </Dialog>
    </>
  );
}

/** Everything about one request: phase, pipelines, health, outputs, where it landed, sub-requests. @public */
export function RequestOverview(props: {
  platform: string;
  promise: string;
  namespace: string;
  name: string;
}) {
  const { platform, promise, namespace, name } = props;
  const api = useApi(kratixApiRef);
  const {
    value: detail,
    loading,
    error,
    retry,
  } = useReloadableAsync(
    () => api.getRequest(platform, promise, namespace, name),
    [api, platform, promise, namespace, name],
  );
  // Live: signals name no request, so a change of any request on the platform reloads it
  // (the request itself and the sub-requests whose phases it shows).
  useKratixLive(platform, 'request', retry);
  if (loading && !detail) return <Progress />;
  if (error)
    return (
      <ResponseErrorPanel
        title={`Could not read request ${namespace}/${name} on platform ${platform}`}
        error={error}
      />
    );
  const d = detail!;
  const status = d.status;
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        {status.catchUp.updating && (
          <WarningPanel title="Updating: the platform has not caught up with the latest change to this request yet" />
        )}
        {status.deleteProblem && (
          <WarningPanel
            severity="error"
            title={`Deletion held: ${status.deleteProblem.reason}`}
            message={status.deleteProblem.message}
          />
        )}
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard
          title="Request"
          action={<ManageActions detail={d} onDone={retry} />}
        >
          <PhaseStatus
            phase={d.phase}
            text={`${d.phase}${d.reason ? ` (${d.reason})` : ''}`}
          />
          {d.statusSource === 'state-store' && <DerivedNote />}
          {d.message && <Typography>{d.message}</Typography>}
          <Typography variant="body2" color="textSecondary">
            {d.apiVersion} {d.kind} {d.namespace}/{d.name} from Promise{' '}
            <PromisePageLink platform={d.platform} name={d.promise} />
            {status.promiseVersion ? ` ${status.promiseVersion}` : ''} on
            platform {d.platform}
            {d.owner && (
              <>
                , owned by <OwnerLink owner={d.owner} />
              </>
            )}
          </Typography>
          <RequestTimesList detail={d} />
          <Origin detail={d} />
          <Delivery detail={d} />
          <TraceLink metadata={d.request?.metadata} />
          {d.binding && (
            <Typography variant="body2">
              Promise version: wanted {d.binding.desiredVersion}, applied{' '}
              {d.binding.appliedVersion ?? '—'}
              {d.binding.upgrading ? ' (upgrading)' : ''}
              {d.binding.failedVersion
                ? `, failed ${d.binding.failedVersion}`
                : ''}
            </Typography>
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard title="Where it landed">
          {d.landed.length === 0 ? (
            <Typography color="textSecondary">
              No documents written yet: Kratix has not placed this request on a
              cluster.
            </Typography>
          ) : (
            d.landed.map(p => (
              <div
                key={`${p.destination}/${p.location}`}
                style={{ marginBottom: 8 }}
              >
                <Typography>
                  <strong>
                    <ClusterPageLink
                      platform={d.platform}
                      name={p.destination}
                    />
                  </strong>{' '}
                  ({p.state}, pipeline {p.pipeline ?? '—'})
                  {p.commit ? `, commit ${p.commit.slice(0, 12)}` : ''}
                </Typography>
                <StoreFileList
                  platform={d.platform}
                  files={p.files}
                  fileUrls={d.fileUrls}
                  filesReadable={d.filesReadable}
                />
              </div>
            ))
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard title="Spec">
          <section aria-label="Spec as YAML">
            <CodeSnippet
              text={
                d.specYaml ?? JSON.stringify(d.request?.spec ?? {}, null, 2)
              }
              language={d.specYaml !== undefined ? 'yaml' : 'json'}
              wrapLongLines
              showCopyCodeButton
            />
          </section>
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard title={`Health: ${status.health.state}`}>
          {status.health.records.length === 0 && (
            <Typography color="textSecondary">No health records.</Typography>
          )}
          {status.health.records.map((r, i) => (
            <Typography key={i}>
              {r.source?.name ?? 'record'}: {r.state}
              {r.lastRun
                ? ` (last run ${new Date(r.lastRun * 1000).toLocaleString()})`
                : ''}
            </Typography>
          ))}
        </InfoCard>
      </Grid>
      <HealthHistoryCard history={d.healthHistory} />
      <Grid item xs={12}>
        <InfoCard title="Pipelines">
          <PipelineTimeline workflow={status.workflow} />
          {d.pipelineRuns.length > 0 && (
            <Table<PipelineRun>
              title="Runs"
              options={{
                paging: false,
                search: false,
                padding: 'dense',
                emptyRowsWhenPaging: false,
              }}
              columns={[
                {
                  title: 'Pipeline',
                  field: 'pipeline',
                  cellStyle: wordCell,
                  render: r => (
                    <>
                      {r.pipeline}
                      <Typography
                        variant="caption"
                        color="textSecondary"
                        display="block"
                        style={longToken}
                      >
                        {r.name}
                      </Typography>
                    </>
                  ),
                },
                {
                  title: 'State',
                  field: 'state',
                  cellStyle: wordCell,
                  render: r => <PhaseStatus phase={r.state} text={r.state} />,
                },
                {
                  title: 'Started',
                  cellStyle: wordCell,
                  render: r => <When iso={r.startTime} />,
                },
                {
                  title: 'Finished',
                  cellStyle: wordCell,
                  render: r => <When iso={r.completionTime} />,
                },
                {
                  title: 'Logs',
                  sorting: false,
                  cellStyle: wordCell,
                  // Runs read from the state store's history (gitops) have a commit, no pod logs.
                  render: r =>
                    r.commit ? (
                      <Typography variant="body2" title={r.message}>
                        commit {r.commit.slice(0, 12)}
                      </Typography>
                    ) : (
                      <PipelineLogsPermission platform={d.platform} run={r}>
                        <LogsButton
                          platform={d.platform}
                          namespace={r.namespace}
                          run={r.name}
                        />
                      </PipelineLogsPermission>
                    ),
                },
              ]}
              data={d.pipelineRuns.map(r => ({ ...r }))}
            />
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard title="Outputs from the pipelines">
          {status.pipelineWritten.links.map(l => (
            <Typography key={l.key}>
              {l.key}: <Link to={l.url}>{l.url}</Link>
            </Typography>
          ))}
          {Object.keys(status.pipelineWritten.values).length === 0 ? (
            <Typography color="textSecondary">
              The pipelines wrote no status keys.
            </Typography>
          ) : (
            // Keys as the pipelines wrote them: they are the request's status fields, which
            // people look up by name (kubectl, a template's output), not words to humanise.
            <StructuredMetadataTable
              dense
              metadata={status.pipelineWritten.values}
              options={{ titleFormat: key => key }}
            />
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="Conditions">
          <Table
            options={{
              paging: false,
              search: false,
              toolbar: false,
              padding: 'dense',
            }}
            columns={[
              { title: 'Type', field: 'type' },
              { title: 'Status', field: 'status' },
              { title: 'Reason', field: 'reason' },
              { title: 'Message', field: 'message' },
            ]}
            data={d.conditions.map(c => ({ ...c }))}
          />
        </InfoCard>
      </Grid>
      <ConditionHistoryCard history={d.conditionHistory} />
      <EventsCard events={d.events} />
      {d.subRequests.length > 0 && (
        <Grid item xs={12}>
          <InfoCard title="Sub-requests">
            <ul>
              {d.subRequests.map(r => (
                <li key={`${r.promise}/${r.namespace}/${r.name}`}>
                  <RequestEntityLink
                    platform={r.platform}
                    promise={r.promise}
                    namespace={r.namespace}
                    name={r.name}
                  >
                    {r.promise} {r.namespace}/{r.name}
                  </RequestEntityLink>{' '}
                  <PhaseStatus phase={r.phase} text={r.phase} />
                  {r.statusSource === 'state-store' && <DerivedNote />}
                </li>
              ))}
            </ul>
          </InfoCard>
        </Grid>
      )}
    </Grid>
  );
}
