import { useState } from 'react';
import {
  CodeSnippet,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import { StoreFileAccess } from '@kratix-backstage/plugin-kratix-common';
import useAsync from 'react-use/esm/useAsync';
import { kratixApiRef } from '../api/KratixApi';
import { longToken } from './tableLayout';

/** How a state-store file's text is highlighted: Kratix writes YAML, pipelines may write JSON or anything. */
function documentLanguage(path: string): string {
  if (/\.ya?ml$/i.test(path)) return 'yaml';
  if (/\.json$/i.test(path)) return 'json';
  return 'text';
}

/** Shows one state-store file's text, read through the backend, in a dialog. */
function ViewYamlButton({
  platform,
  path,
}: {
  platform: string;
  path: string;
}) {
  const api = useApi(kratixApiRef);
  const [open, setOpen] = useState(false);
  const { value, loading, error } = useAsync(
    async () => (open ? api.getStateStoreFile(platform, path) : undefined),
    [open, api, platform, path],
  );
  const name = path.split('/').pop();
  return (
    <>
      <Button
        size="small"
        onClick={() => setOpen(true)}
        aria-label={`View YAML of ${name}`}
      >
        View YAML
      </Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        maxWidth="md"
        fullWidth
        aria-labelledby="kratix-store-file-title"
      >
        <DialogTitle id="kratix-store-file-title">
          <span style={longToken}>{path}</span>
        </DialogTitle>
        <DialogContent>
          {loading && <Progress />}
          {error && (
            <ResponseErrorPanel
              title={`Could not read ${path}`}
              error={error}
            />
          )}
          {value?.redacted && (
            <Typography variant="body2" color="textSecondary">
              Secret values are hidden.
            </Typography>
          )}
          {value && (
            <CodeSnippet
              text={value.content}
              language={documentLanguage(path)}
              wrapLongLines
              showCopyCodeButton
            />
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)}>Close</Button>
        </DialogActions>
      </Dialog>
    </>
  );
}

/**
 * The files Kratix wrote for something, each opened where it can be: its page on the state
 * store's git host, else its text through the backend (from a gitops platform's repository
 * or a cluster's WorkPlacements), else only its path.
 */
export function StoreFileList(
  props: { platform: string; files: string[] } & StoreFileAccess,
) {
  const { platform, files, fileUrls = {}, filesReadable } = props;
  return (
    <ul style={{ margin: 0 }}>
      {files.map(file => (
        <li key={file}>
          {fileUrls[file] ? (
            <Link to={fileUrls[file]}>
              <code style={longToken}>{file}</code>
            </Link>
          ) : (
            <code style={longToken}>{file}</code>
          )}
          {!fileUrls[file] && filesReadable && (
            <ViewYamlButton platform={platform} path={file} />
          )}
        </li>
      ))}
    </ul>
  );
}
