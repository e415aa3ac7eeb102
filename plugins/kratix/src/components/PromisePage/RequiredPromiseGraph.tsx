import {
  DependencyGraph,
  DependencyGraphTypes,
} from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { PromiseDetail } from '@kratix-backstage/plugin-kratix-common';

/**
 * The required-Promise graph of a composite Promise: the Promise, what it requires (with
 * whether each requirement is installed) and what requires it.
 * @public
 */
export function RequiredPromiseGraph({ promise }: { promise: PromiseDetail }) {
  const requirements = promise.status.requirements;
  const requiredBy = promise.requiredBy;
  if (requirements.length === 0 && requiredBy.length === 0) {
    return (
      <Typography color="textSecondary">
        This Promise neither requires nor is required by another Promise.
      </Typography>
    );
  }
  const nodes: DependencyGraphTypes.DependencyNode<{}>[] = [
    { id: promise.name },
    ...requirements.map(r => ({ id: r.name })),
    ...requiredBy.map(r => ({ id: r.name })),
  ];
  const edges: DependencyGraphTypes.DependencyEdge<{}>[] = [
    ...requirements.map(r => ({
      from: promise.name,
      to: r.name,
      label: r.installed ? 'requires' : r.state,
    })),
    ...requiredBy.map(r => ({
      from: r.name,
      to: promise.name,
      label: 'requires',
    })),
  ];
  return (
    <div data-testid="required-promise-graph">
      <DependencyGraph
        nodes={nodes}
        edges={edges}
        direction={DependencyGraphTypes.Direction.LEFT_RIGHT}
        paddingX={40}
        paddingY={40}
      />
      <ul>
        {requirements.map(r => (
          <li key={r.name}>
            <strong>{r.name}</strong>
            {r.version ? ` ${r.version}` : ''}: {r.state}
          </li>
        ))}
        {requiredBy.map(r => (
          <li key={`required-by-${r.name}`}>
            required by <strong>{r.name}</strong>
            {r.version ? ` ${r.version}` : ''}
            {r.requiredVersion ? ` (at version ${r.requiredVersion})` : ''}
          </li>
        ))}
      </ul>
    </div>
  );
}
