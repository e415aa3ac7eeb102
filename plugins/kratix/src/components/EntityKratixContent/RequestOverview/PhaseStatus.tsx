import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
  StatusWarning,
} from '@backstage/core-components';

/** A phase as Kratix names it (of a request or a pipeline run), in the colour of its meaning. */
export function PhaseStatus({ phase, text }: { phase: string; text: string }) {
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
