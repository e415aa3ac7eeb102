import { ReactNode } from 'react';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  kratixPromiseLogsReadPermission,
  kratixResourceLogsReadPermission,
  PipelineRun,
  requestResourceRef,
} from '@kratix-backstage/plugin-kratix-common';
import { UnavailableButton } from '../permissions';

/**
 * What the backend's logs route asks of a run: a request's run is its owner's and the
 * platform admins' (`kratix.resource.logs.read` on the request), a Promise's run admins' only
 * (`kratix.promise.logs.read` on the platform).
 */
export function pipelineLogsPermission(platform: string, run: PipelineRun) {
  return run.resource
    ? {
        permission: kratixResourceLogsReadPermission,
        resourceRef: requestResourceRef(
          platform,
          run.promise,
          run.requestNamespace ?? run.namespace,
          run.resource,
        ),
        why: "Only the request's owner or a platform admin can read its pipeline logs",
      }
    : {
        permission: kratixPromiseLogsReadPermission,
        resourceRef: platform,
        why: "Only a platform admin can read a Promise's pipeline logs",
      };
}

/**
 * Shows its children (the Logs button) only to who may read the run's logs; nothing while
 * that is being checked; otherwise a disabled Logs button saying why.
 */
export function PipelineLogsPermission(props: {
  platform: string;
  run: PipelineRun;
  children: ReactNode;
}) {
  const { permission, resourceRef, why } = pipelineLogsPermission(
    props.platform,
    props.run,
  );
  const { loading, allowed, error } = usePermission({
    permission,
    resourceRef,
  });
  if (loading) return null;
  if (allowed) return <>{props.children}</>;
  return (
    <UnavailableButton
      label="Logs"
      aria-label={`Logs of ${props.run.name}`}
      why={
        error
          ? `Could not check whether you may read these logs: ${error.message}`
          : why
      }
    />
  );
}
