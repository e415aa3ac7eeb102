import { useState } from 'react';
import {
  CopyTextButton,
  InfoCard,
  Progress,
  ResponseErrorPanel,
  Table,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Grid from '@material-ui/core/Grid';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { alpha, Theme, useTheme } from '@material-ui/core/styles';
import {
  BoundRequestView,
  DocumentDiff,
  PromiseRevisionsResponse,
} from '@kratix-backstage/plugin-kratix-common';
import { kratixApiRef } from '../../api/KratixApi';
import { useReloadableAsync } from '../../hooks';
import { RequestEntityLink } from '../links';
import { OwnerLink } from '../OwnerLink';
import { MoveRequestsCard } from './MoveRequestsCard';
import { wordCell } from '../tableLayout';

const dense = {
  paging: false,
  search: false,
  toolbar: false,
  padding: 'dense',
} as const;

/** The revision a request runs and how it follows the Promise's versions. */
function requestColumns(platform: string, promise: string) {
  return [
    {
      title: 'Request',
      cellStyle: wordCell,
      render: (r: BoundRequestView) => (
        <RequestEntityLink
          platform={platform}
          promise={promise}
          namespace={r.namespace}
          name={r.name}
        />
      ),
    },
    {
      title: 'Strategy',
      render: (r: BoundRequestView) =>
        r.strategy === 'floating' ? 'floating (latest)' : 'pinned',
    },
    { title: 'Bound to', field: 'desiredVersion' },
    { title: 'Applied', field: 'appliedVersion' },
    {
      title: 'Upgrade',
      cellStyle: wordCell,
      render: (r: BoundRequestView) =>
        [
          r.failedVersion && `failed at ${r.failedVersion}`,
          r.upgrade && (r.upgrade.reason ?? r.upgrade.status),
        ]
          .filter(Boolean)
          .join('; '),
    },
    {
      title: 'Owner',
      field: 'owner',
      cellStyle: wordCell,
      render: (r: BoundRequestView) => <OwnerLink owner={r.owner} />,
    },
  ];
}

/** An added line tinted with the theme's success colour, a removed one with its error colour. */
function lineColour(theme: Theme, op: string): string | undefined {
  const tint = theme.palette.action.activatedOpacity;
  if (op === '+') return alpha(theme.palette.success.main, tint);
  if (op === '-') return alpha(theme.palette.error.main, tint);
  return undefined;
}

/** The requests running one revision. */
function RevisionRequests({
  platform,
  promise,
  requests,
}: {
  platform: string;
  promise: string;
  requests: BoundRequestView[];
}) {
  if (!requests.length)
    return <Typography variant="body2">No request runs it.</Typography>;
  return (
    <Table
      options={dense}
      columns={requestColumns(platform, promise)}
      data={requests.map(b => ({ ...b }))}
    />
  );
}

/** A YAML document diff, one line each, marked `+` and `-`. */
function DocumentDiffView({
  title,
  diff,
}: {
  title: string;
  diff: DocumentDiff;
}) {
  const theme = useTheme();
  const lines = diff.lines.map(l => `${l.op} ${l.text}`);
  return (
    <>
      <Typography variant="subtitle2">{title}</Typography>
      {diff.changed ? (
        // Its own lines, each tinted (CodeSnippet colours by syntax only), with CodeSnippet's
        // copy button: the diff as unified-diff text.
        <Box position="relative">
          <pre aria-label={`${title} diff`} style={{ overflowX: 'auto' }}>
            {lines.map((line, i) => (
              <div
                key={i}
                style={{
                  background: lineColour(theme, diff.lines[i].op),
                }}
              >
                {line}
              </div>
            ))}
          </pre>
          <Box position="absolute" top={0} right={0}>
            <CopyTextButton
              text={lines.join('\n')}
              aria-label={`Copy the ${title} diff`}
            />
          </Box>
        </Box>
      ) : (
        <Typography variant="body2">No change.</Typography>
      )}
    </>
  );
}

/** What changed between two revisions the user picks. */
function RevisionDiff({
  platform,
  promise,
  versions,
}: {
  platform: string;
  promise: string;
  versions: string[];
}) {
  const api = useApi(kratixApiRef);
  const [from, setFrom] = useState(versions[1] ?? versions[0]);
  const [to, setTo] = useState(versions[0]);
  const { value, loading, error } = useReloadableAsync(
    () => api.getPromiseRevisions(platform, promise, { from, to }),
    [api, platform, promise, from, to],
  );
  const picker = (label: string, chosen: string, set: (v: string) => void) => (
    <TextField
      select
      label={label}
      value={chosen}
      onChange={e => set(e.target.value)}
      SelectProps={{ native: true }}
      inputProps={{ 'aria-label': label }}
      style={{ marginRight: 16, minWidth: 120 }}
    >
      {versions.map(v => (
        <option key={v} value={v}>
          {v}
        </option>
      ))}
    </TextField>
  );
  const diff = value?.diff;
  return (
    <InfoCard title="What changed">
      {picker('From', from, setFrom)}
      {picker('To', to, setTo)}
      {loading && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {diff && (
        <>
          <Typography variant="subtitle2" style={{ marginTop: 16 }}>
            API schema
          </Typography>
          {diff.api.length ? (
            <Table
              options={dense}
              columns={[
                { title: 'Property', field: 'path', cellStyle: wordCell },
                { title: 'Change', field: 'change' },
                {
                  title: 'Type',
                  render: (c: any) =>
                    c.change === 'changed' && c.fromType !== c.toType
                      ? `${c.fromType} → ${c.toType}`
                      : c.toType ?? c.fromType,
                },
                {
                  title: 'Details',
                  render: (c: any) => (c.details ?? []).join(', '),
                },
              ]}
              data={diff.api.map(c => ({ ...c }))}
            />
          ) : (
            <Typography variant="body2">No change.</Typography>
          )}
          <DocumentDiffView title="Workflows" diff={diff.workflows} />
          <DocumentDiffView title="Dependencies" diff={diff.dependencies} />
          <DocumentDiffView
            title="Required Promises"
            diff={diff.requiredPromises}
          />
        </>
      )}
    </InfoCard>
  );
}

/**
 * A Promise's Versions tab: its retained PromiseRevisions, the requests running each (from
 * their ResourceBindings), and what changed between two of them.
 */
export function PromiseVersions({
  platform,
  promise,
  revisions,
  onMoved = () => {},
}: {
  platform: string;
  promise: string;
  revisions: PromiseRevisionsResponse;
  /** Called after requests were moved, to read the revisions again. */
  onMoved?: () => void;
}) {
  if (!revisions.available)
    return (
      <InfoCard title="Versions">
        <Typography>{revisions.reason}</Typography>
      </InfoCard>
    );
  const list = revisions.revisions ?? [];
  const unbound = (revisions.requests ?? []).filter(
    r => !list.some(v => v.version === r.revision),
  );
  const movable = [
    ...(revisions.requests ?? []),
    ...(revisions.undeclaredBindings?.requests ?? []),
  ];
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <InfoCard title="Revisions">
          <Typography variant="body2" gutterBottom>
            {revisions.requestsUnavailable ??
              (revisions.requestsOnOlderRevisions
                ? `${revisions.requestsOnOlderRevisions} request(s) run a revision older than the latest.`
                : 'Every request runs the latest revision.')}
          </Typography>
          {list.length === 0 && (
            <Typography>
              No PromiseRevisions: this platform's Kratix keeps none for{' '}
              {promise}.
            </Typography>
          )}
          {list.map(r => (
            <section
              key={r.name}
              aria-label={`Revision ${r.version}`}
              style={{ marginTop: 16 }}
            >
              <Typography variant="h6">
                {r.version}{' '}
                {r.latest && (
                  <Chip label="latest" size="small" color="primary" />
                )}{' '}
                <Typography variant="caption" color="textSecondary">
                  {r.createdAt ? `created ${r.createdAt}` : ''}
                </Typography>
              </Typography>
              {!revisions.requestsUnavailable && (
                <RevisionRequests
                  platform={platform}
                  promise={promise}
                  requests={r.requests}
                />
              )}
            </section>
          ))}
          {revisions.undeclaredBindings && (
            <section
              aria-label="Requests with no ResourceBinding in the repository"
              style={{ marginTop: 16 }}
            >
              <Typography variant="h6">
                Requests with no ResourceBinding in the repository
              </Typography>
              <Typography variant="body2" color="textSecondary">
                {revisions.undeclaredBindings.note}
              </Typography>
              <Typography variant="body2">
                {revisions.undeclaredBindings.requests
                  .map(r => `${r.namespace}/${r.name}`)
                  .join(', ')}
              </Typography>
            </section>
          )}
          {unbound.length > 0 && (
            <section
              aria-label="Requests on a revision no longer retained"
              style={{ marginTop: 16 }}
            >
              <Typography variant="h6">
                Requests on a revision no longer retained
              </Typography>
              <Table
                options={dense}
                columns={requestColumns(platform, promise)}
                data={unbound.map(b => ({ ...b }))}
              />
            </section>
          )}
        </InfoCard>
      </Grid>
      {movable.length > 0 && (
        <Grid item xs={12}>
          <MoveRequestsCard
            platform={platform}
            promise={promise}
            versions={list.map(r => r.version)}
            requests={movable}
            onMoved={onMoved}
          />
        </Grid>
      )}
      {list.length > 1 && (
        <Grid item xs={12}>
          <RevisionDiff
            platform={platform}
            promise={promise}
            versions={list.map(r => r.version)}
          />
        </Grid>
      )}
    </Grid>
  );
}
