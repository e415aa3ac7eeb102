import {
  CodeSnippet,
  Progress,
  WarningPanel,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Card from '@material-ui/core/Card';
import CardContent from '@material-ui/core/CardContent';
import Typography from '@material-ui/core/Typography';
import { DryRunPreview } from '@kratix-backstage/plugin-kratix-common';
import { DryRunComponents } from './DryRunComponents';
import { DryRunPipelines } from './DryRunPipelines';
import { useDryRunPreview } from './useDryRunPreview';

/** Props of {@link DryRunPreviewCard}. @public */
export interface DryRunPreviewCardProps {
  platform: string;
  promise: string;
  /** The request's namespace and name: an existing one is diffed against, a new one is all added. */
  namespace: string;
  name: string;
  /** The spec to try. */
  spec: Record<string, unknown>;
  /**
   * What the suite shows where the platform has no DryRun: the document it would write
   * (YAML), the spec checked against the Promise's schema.
   */
  fallbackDocument?: string;
}

/** Where the platform has no DryRun: why, and what the suite does instead. */
function Unsupported(props: { reason: string; fallbackDocument?: string }) {
  const { reason, fallbackDocument } = props;
  return (
    <WarningPanel
      severity="info"
      title="Kratix's DryRun is not available on this platform"
      message={`${reason.replace(
        /[.\s]+$/,
        '',
      )}. The suite falls back to checking the spec against the Promise's schema${
        fallbackDocument ? ' and showing the document it would write:' : '.'
      }`}
      defaultExpanded
    >
      {fallbackDocument && (
        <CodeSnippet
          text={fallbackDocument}
          language="yaml"
          showCopyCodeButton
        />
      )}
    </WarningPanel>
  );
}

/** A DryRun the platform runs: its state, what it lacks, and what it would change. */
function Result({ preview }: { preview: DryRunPreview & { supported: true } }) {
  const whole = preview.state === 'completed' && preview.complete;
  const nothing =
    preview.pipelines.length === 0 && preview.components.length === 0;
  return (
    <>
      {preview.state === 'pending' && (
        <Box mt={1}>
          <Typography variant="body2">
            Kratix is running the request's pipelines without writing to any
            destination (DryRun {preview.namespace}/{preview.name})…
          </Typography>
          <Progress />
        </Box>
      )}
      {preview.state === 'failed' && (
        <WarningPanel
          severity="error"
          title="Kratix's DryRun failed: this is not what the request would change"
          message={preview.message}
          defaultExpanded
        />
      )}
      {preview.state === 'completed' && !preview.complete && (
        <WarningPanel
          title="The preview is incomplete: some of what the request would change is not shown"
          message={preview.message}
          defaultExpanded
        />
      )}
      {whole && nothing && (
        <Typography variant="body2">
          Kratix's DryRun reports no pipeline output for this request.
        </Typography>
      )}
      {preview.state !== 'pending' && preview.pipelines.length > 0 && (
        <DryRunPipelines pipelines={preview.pipelines} />
      )}
      <DryRunComponents components={preview.components} />
    </>
  );
}

/**
 * "Preview with Kratix's DryRun": asks the platform's Kratix for a DryRun of a request with
 * a spec, follows it until it completes or fails, and shows per pipeline what it would add,
 * change and remove (compound requests: per component too). Where the platform has no DryRun
 * it says why and shows the fallback document instead.
 * @public
 */
export function DryRunPreviewCard(props: DryRunPreviewCardProps) {
  const { platform, promise, namespace, name, spec, fallbackDocument } = props;
  const { start, starting, preview, error } = useDryRunPreview({
    platform,
    promise,
    namespace,
    name,
    spec,
  });
  const running =
    starting ||
    (preview?.supported === true && preview.state === 'pending' && !error);
  return (
    <Card variant="outlined" aria-label="Kratix DryRun preview">
      <CardContent>
        <Typography variant="subtitle1">What Kratix would do</Typography>
        <Typography variant="body2" color="textSecondary">
          Kratix runs the request's pipelines in dry-run mode and compares what
          they output with what they wrote last; nothing is written.
        </Typography>
        <Box mt={1}>
          <Button
            variant="outlined"
            color="primary"
            onClick={start}
            disabled={running}
          >
            Preview with Kratix's DryRun
          </Button>
        </Box>
        {starting && <Progress />}
        {error && (
          <WarningPanel
            severity="error"
            title="Could not get Kratix's DryRun"
            message={error}
            defaultExpanded
          />
        )}
        {preview && !preview.supported && (
          <Unsupported
            reason={preview.reason}
            fallbackDocument={fallbackDocument}
          />
        )}
        {preview?.supported && <Result preview={preview} />}
      </CardContent>
    </Card>
  );
}
