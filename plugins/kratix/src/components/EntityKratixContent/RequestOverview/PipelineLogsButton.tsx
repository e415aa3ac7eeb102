import { useState } from 'react';
import {
  CodeSnippet,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import { kratixApiRef } from '../../../api/KratixApi';

/** Opens the container logs of one pipeline run; they are read only once opened. */
export function PipelineLogsButton(props: {
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
