import { CodeSnippet } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  DryRunFileChange,
  DryRunPipelineDiff,
} from '@kratix-backstage/plugin-kratix-common';

const CHANGE_WORDS: Record<DryRunFileChange['change'], string> = {
  added: 'Added',
  modified: 'Modified',
  removed: 'Removed',
};

/** A pipeline's counts as Kratix's summary heads them (`dryRunRenderDiff`). */
export function pipelineCounts(pipeline: DryRunPipelineDiff): string {
  return `${pipeline.added} added · ${pipeline.modified} modified · ${pipeline.removed} removed`;
}

/** One file a pipeline would write: its document, or for a modified file the diff. */
function FileChange({ file }: { file: DryRunFileChange }) {
  return (
    <Box mt={1} component="section" aria-label={file.path}>
      <Typography variant="body2">
        {CHANGE_WORDS[file.change]}: <code>{file.path}</code>
      </Typography>
      <CodeSnippet
        text={file.text}
        language={file.change === 'modified' ? 'diff' : 'yaml'}
        showCopyCodeButton
      />
    </Box>
  );
}

/** Per pipeline, what it would add, change and remove, file by file. */
export function DryRunPipelines(props: { pipelines: DryRunPipelineDiff[] }) {
  const { pipelines } = props;
  if (pipelines.length === 0)
    return (
      <Typography variant="body2">No pipeline output to compare.</Typography>
    );
  return (
    <>
      {pipelines.map(pipeline => (
        <Box
          key={pipeline.pipeline}
          mt={2}
          component="section"
          aria-label={`Pipeline ${pipeline.pipeline}`}
        >
          <Typography variant="subtitle2">
            Pipeline <code>{pipeline.pipeline}</code>:{' '}
            {pipelineCounts(pipeline)}
          </Typography>
          {pipeline.files.length === 0 && (
            <Typography variant="body2">No changes.</Typography>
          )}
          {pipeline.files.map(file => (
            <FileChange key={`${file.change}:${file.path}`} file={file} />
          ))}
        </Box>
      ))}
    </>
  );
}
