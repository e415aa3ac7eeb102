import {
  StatusError,
  StatusOK,
  StatusPending,
} from '@backstage/core-components';
import Tooltip from '@material-ui/core/Tooltip';
import { Readiness } from '@kratix-backstage/plugin-kratix-common';
import { DerivedNote } from '../DerivedNote';

function label(readiness: Readiness): string {
  const because = readiness.reason ? ` (${readiness.reason})` : '';
  if (readiness.ready === true) return 'Ready';
  if (readiness.ready === false) return `Not ready${because}`;
  return `Unknown${because}`;
}

/** A cluster's Ready condition: status colour, word and reason, Kratix's message on hover. @public */
export function ReadyStatus({
  readiness,
  derived,
}: {
  readiness: Readiness;
  /** The suite worked readiness out from Kratix's canary files (gitops mode); says so. */
  derived?: boolean;
}) {
  if (derived) {
    return (
      <span>
        <ReadyStatus readiness={readiness} />
        <DerivedNote />
      </span>
    );
  }
  const text = label(readiness);
  let status: JSX.Element;
  if (readiness.ready === true) status = <StatusOK>{text}</StatusOK>;
  else if (readiness.ready === false)
    status = <StatusError>{text}</StatusError>;
  // Kratix has not said yet (no Ready condition): neither good nor bad.
  else status = <StatusPending>{text}</StatusPending>;
  return readiness.message ? (
    <Tooltip title={readiness.message}>
      <span>{status}</span>
    </Tooltip>
  ) : (
    status
  );
}
