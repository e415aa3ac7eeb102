import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  StatusError,
  StatusOK,
  StatusPending,
} from '@backstage/core-components';
import { DryRunComponent } from '@kratix-backstage/plugin-kratix-common';
import { DryRunPipelines } from './DryRunPipelines';

function Phase({ phase }: { phase: DryRunComponent['phase'] }) {
  if (phase === 'Succeeded') return <StatusOK>{phase}</StatusOK>;
  if (phase === 'Failed') return <StatusError>{phase}</StatusError>;
  return <StatusPending>{phase}</StatusPending>;
}

/**
 * The component requests of a compound request, each with the phase of the DryRun Kratix
 * raised for it, why it failed or did not finish, and its own pipelines.
 */
export function DryRunComponents(props: { components: DryRunComponent[] }) {
  return (
    <>
      {props.components.map(component => {
        const name = `${component.promise}/${
          component.namespace ? `${component.namespace}/` : ''
        }${component.request}`;
        return (
          <Box
            key={component.dryRun}
            mt={2}
            pl={2}
            borderLeft={2}
            borderColor="divider"
            component="section"
            aria-label={`Component ${name}`}
          >
            <Typography variant="subtitle1">
              Component <code>{name}</code> <Phase phase={component.phase} />
            </Typography>
            {component.message && (
              <Typography variant="body2">{component.message}</Typography>
            )}
            {(component.phase === 'Succeeded' ||
              component.pipelines.length > 0) && (
              <DryRunPipelines pipelines={component.pipelines} />
            )}
          </Box>
        );
      })}
    </>
  );
}
