import { useMemo, useState } from 'react';
import { Link, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useNotify } from '../../hooks/useNotify';
import useAsync from 'react-use/esm/useAsync';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import {
  diffSpecs,
  extractPromiseApi,
  freeFormToYaml,
  RequestDetail,
  SpecChange,
  specOfRequestDocument,
  validateRequestSpec,
} from '@kratix-backstage/plugin-kratix-common';
import { kratixApiRef, RequestUpdateResult } from '../../api/KratixApi';
import { DryRunPreviewCard } from '../DryRun';
import {
  inWords,
  readDraft,
  SpecDraft,
  SpecEditor,
  toSpecFormSchema,
} from '../SpecForm';

const FLOATING = 'latest';

/** Which schema the change is checked against, as far as the page knows before a preview. */
function schemaNote(detail: RequestDetail): string {
  const wanted = detail.binding?.desiredVersion;
  if (wanted && wanted !== FLOATING)
    return `Checked here against the Promise's current API; the preview also checks it against version ${wanted}, the Promise revision this request is bound to.`;
  if (wanted === FLOATING)
    return "This request follows the Promise's latest version: checked against its current API.";
  return "Checked against the Promise's current API: the platform names no Promise revision this request is bound to.";
}

const shown = (value: unknown) =>
  value === undefined ? '—' : JSON.stringify(value);

/** The spec's changes, current → new, one row per property. */
function SpecChanges({ changes }: { changes: SpecChange[] }) {
  if (changes.length === 0)
    return <Typography>No change: the spec is as it was.</Typography>;
  return (
    <table aria-label="Changes to the spec">
      <thead>
        <tr>
          <th align="left">Property</th>
          <th align="left">Current</th>
          <th align="left">New</th>
        </tr>
      </thead>
      <tbody>
        {changes.map(c => (
          <tr key={c.path}>
            <td>
              <code>{c.path}</code> ({c.change})
            </td>
            <td>
              <code>{shown(c.from)}</code>
            </td>
            <td>
              <code>{shown(c.to)}</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * Edits a request's spec in a form generated from the Promise's API (or, with "Edit as YAML",
 * as text), pre-filled with the current one; checks it against the Promise's API, previews the
 * change with a dry run (which the backend also checks against the Promise revision the request
 * is bound to) and, on demand, with Kratix's DryRun of the new spec, then applies it; on
 * platforms that write through pull requests it says which pull request proposes it.
 */
export function UpdateDialog(props: {
  detail: RequestDetail;
  open: boolean;
  onClose(): void;
  onUpdated(): void;
}) {
  const { detail, open, onClose, onUpdated } = props;
  const api = useApi(kratixApiRef);
  const notify = useNotify();
  const current = (detail.request?.spec ?? {}) as Record<string, unknown>;
  const [draft, setDraft] = useState<SpecDraft>(() => ({
    mode: 'form',
    spec: current,
  }));
  const [preview, setPreview] = useState<{
    spec: Record<string, unknown>;
    result: RequestUpdateResult;
  }>();
  const [applied, setApplied] = useState<RequestUpdateResult>();
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const promise = useAsync(
    async () =>
      open
        ? (await api.getPromise(detail.platform, detail.promise)).promise
        : undefined,
    [open, api, detail.platform, detail.promise],
  );

  // The same schema the spec is checked against: the storage version's, as validateRequestSpec reads it.
  const specSchema = useMemo(
    () =>
      promise.value ? extractPromiseApi(promise.value)?.specSchema : undefined,
    [promise.value],
  );
  const form = useMemo(
    // A spec of any keys has no fields to show: the YAML view is its editor.
    () => (specSchema?.properties ? toSpecFormSchema(specSchema) : undefined),
    [specSchema],
  );
  // Without a form (no spec fields, or the Promise could not be read) the spec is edited as YAML.
  const editing = useMemo<SpecDraft>(
    () =>
      draft.mode === 'form' && !form && !promise.loading
        ? { mode: 'yaml', text: freeFormToYaml(draft.spec) }
        : draft,
    [draft, form, promise.loading],
  );
  const parsed = useMemo(() => {
    const read = readDraft(editing);
    if (read.error !== undefined) return { parseError: read.error, errors: [] };
    const spec = read.spec;
    if (!promise.value) return { spec, errors: [] };
    const result = validateRequestSpec(promise.value, spec);
    return { spec, errors: inWords(result.errors, specSchema, spec) };
  }, [editing, promise.value, specSchema]);

  const ref = {
    platform: detail.platform,
    promise: detail.promise,
    namespace: detail.namespace,
    name: detail.name,
  };
  const close = () => {
    setPreview(undefined);
    setApplied(undefined);
    setFailure(undefined);
    onClose();
  };
  const call = async (work: () => Promise<void>) => {
    setBusy(true);
    setFailure(undefined);
    try {
      await work();
    } catch (error) {
      setFailure((error as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const runPreview = () =>
    call(async () => {
      const spec = parsed.spec!;
      const result = await api.updateRequest(ref, { spec, dryRun: true });
      setPreview({ spec, result });
    });
  const apply = () =>
    call(async () => {
      const result = await api.updateRequest(ref, { spec: preview!.spec });
      setApplied(result);
      onUpdated();
      if (result.pullRequestUrl) return; // The dialog shows the pull request.
      notify({
        message: `Updated ${detail.namespace}/${detail.name}`,
        severity: 'success',
        display: 'transient',
      });
      close();
    });

  const changes = preview
    ? diffSpecs(
        current,
        specOfRequestDocument(preview.result.document) ?? preview.spec,
      )
    : [];
  return (
    <Dialog
      open={open}
      onClose={close}
      maxWidth="md"
      fullWidth
      aria-labelledby="kratix-update-title"
    >
      <DialogTitle id="kratix-update-title">
        Update {detail.namespace}/{detail.name}
      </DialogTitle>
      <DialogContent>
        {applied?.pullRequestUrl ? (
          <DialogContentText>
            The change is proposed in{' '}
            <Link to={applied.pullRequestUrl}>{applied.pullRequestUrl}</Link>:
            it applies once the pull request is merged.
          </DialogContentText>
        ) : (
          <>
            <DialogContentText>{schemaNote(detail)}</DialogContentText>
            {promise.loading && <Progress />}
            {!promise.loading && (
              <SpecEditor
                draft={editing}
                onDraft={setDraft}
                form={form}
                errors={parsed.errors}
                parseError={parsed.parseError}
                disabled={!!preview}
              />
            )}
            {preview && (
              <div style={{ marginTop: 16 }}>
                <Typography variant="subtitle2">
                  What the update changes
                  {preview.result.boundRevisionVersion
                    ? ` (checked against version ${preview.result.boundRevisionVersion}, the revision this request is bound to, and the Promise's current API)`
                    : ''}
                </Typography>
                <SpecChanges changes={changes} />
                <div style={{ marginTop: 16 }}>
                  {/* Where the platform has no DryRun: the document the dry run above returned. */}
                  <DryRunPreviewCard
                    {...ref}
                    spec={preview.spec}
                    fallbackDocument={preview.result.document}
                  />
                </div>
              </div>
            )}
          </>
        )}
        {failure && (
          <Typography color="error" role="alert">
            {failure}
          </Typography>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={close}>{applied ? 'Close' : 'Cancel'}</Button>
        {!applied && preview && (
          <Button onClick={() => setPreview(undefined)} disabled={busy}>
            Edit
          </Button>
        )}
        {!applied && !preview && (
          <Button
            color="primary"
            onClick={runPreview}
            disabled={
              busy ||
              promise.loading ||
              parsed.errors.length > 0 ||
              !parsed.spec
            }
          >
            Preview
          </Button>
        )}
        {!applied && preview && (
          <Button
            color="primary"
            onClick={apply}
            disabled={busy || changes.length === 0}
          >
            Apply
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}
