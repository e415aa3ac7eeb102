import { useState } from 'react';
import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
  StatusWarning,
} from '@backstage/core-components';
import {
  Box,
  Button,
  List,
  ListItem,
  ListItemText,
  Typography,
} from '@material-ui/core';
import type {
  PipelineProgress,
  WorkflowProgress,
} from '@kratix-backstage/plugin-kratix-common';

/** The status icon of a pipeline phase as Kratix names it. */
function PhaseIcon({ phase }: { phase: PipelineProgress['phase'] }) {
  switch (phase) {
    case 'Succeeded':
      return <StatusOK />;
    case 'Failed':
      return <StatusError />;
    case 'Running':
      return <StatusRunning />;
    case 'Suspended':
      return <StatusWarning />;
    case 'Pending':
      return <StatusPending />;
    default:
      return <StatusAborted />;
  }
}

const when = (time: string) => {
  const parsed = Date.parse(time);
  return Number.isNaN(parsed) ? time : new Date(parsed).toLocaleString();
};

/** The facts Kratix keeps about one pipeline beside its phase, as one line. */
function details(p: PipelineProgress): string {
  return [
    p.attempts !== undefined &&
      `${p.attempts} attempt${p.attempts === 1 ? '' : 's'}`,
    p.nextRetryAt && `next retry at ${when(p.nextRetryAt)}`,
    p.lastTransitionTime && `since ${when(p.lastTransitionTime)}`,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** Props of {@link PipelineTimeline}. @public */
export interface PipelineTimelineProps {
  /** The workflow as readPipelinePhases reads it from the request's or Promise's status. */
  workflow: WorkflowProgress;
  /**
   * Resumes the suspended workflow (the `resume-suspended` manage act); without it no Resume
   * button is shown (the caller may not, or the object is not suspended).
   */
  onResume?: () => Promise<unknown> | void;
}

/**
 * Every pipeline of a workflow in the order Kratix runs them, with its phase, attempts,
 * next retry and the message it wrote; a suspended pipeline shows its reason and a Resume
 * button. Kratix before 2026 reports counters only: the phases are then inferred, and the
 * timeline says so.
 * @public
 */
export function PipelineTimeline({
  workflow,
  onResume,
}: PipelineTimelineProps) {
  const [busy, setBusy] = useState(false);
  if (workflow.pipelines.length === 0)
    return (
      <Typography color="textSecondary">
        No pipeline phases reported.
      </Typography>
    );
  const resume = async () => {
    setBusy(true);
    try {
      await onResume?.();
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      {workflow.source === 'counters' && (
        <Typography variant="caption" color="textSecondary">
          Inferred from this Kratix's workflow counters: it reports no phase per
          pipeline.
        </Typography>
      )}
      <List dense aria-label="Pipelines">
        {workflow.pipelines.map((p, index) => (
          <ListItem key={p.name} divider aria-label={p.name}>
            <ListItemText
              primary={
                <>
                  <PhaseIcon phase={p.phase} />
                  {index + 1}. {p.name}: {p.phase}
                </>
              }
              secondary={
                <>
                  {details(p) && (
                    <Typography variant="body2" component="span">
                      {details(p)}
                    </Typography>
                  )}
                  {p.message && (
                    <Typography
                      variant="body2"
                      component="span"
                      display="block"
                    >
                      {p.phase === 'Suspended' ? 'Suspended: ' : ''}
                      {p.message}
                    </Typography>
                  )}
                </>
              }
            />
            {p.phase === 'Suspended' && onResume && (
              <Box ml={2}>
                <Button
                  size="small"
                  variant="outlined"
                  disabled={busy}
                  onClick={resume}
                >
                  Resume
                </Button>
              </Box>
            )}
          </ListItem>
        ))}
      </List>
    </>
  );
}
