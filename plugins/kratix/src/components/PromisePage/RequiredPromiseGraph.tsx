import { MouseEvent, useLayoutEffect, useRef, useState } from 'react';
import {
  DependencyGraph,
  DependencyGraphTypes,
} from '@backstage/core-components';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import { PromiseDetail } from '@kratix-backstage/plugin-kratix-common';
import { useNavigate } from 'react-router-dom';
import { PromisePageLink, useKratixPaths } from '../links';

const useStyles = makeStyles(theme => ({
  node: {
    fill: theme.palette.primary.light,
    stroke: theme.palette.primary.light,
  },
  current: {
    fill: theme.palette.primary.dark,
    stroke: theme.palette.primary.dark,
  },
  text: { fill: theme.palette.primary.contrastText },
  link: {
    cursor: 'pointer',
    '&:hover text, &:focus text': { textDecoration: 'underline' },
  },
}));

const PADDING = 10;

/** One Promise of the graph: a box sized to its name, a link to its page where there is one. */
function PromiseNode({
  id,
  href,
  current,
}: {
  id: string;
  href?: string;
  current: boolean;
}) {
  const classes = useStyles();
  const navigate = useNavigate();
  const textRef = useRef<SVGTextElement>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });
  useLayoutEffect(() => {
    // The graph lays nodes out by their rendered size, as its default node does.
    const box = textRef.current?.getBBox();
    if (!box) return;
    const width = Math.round(box.width);
    const height = Math.round(box.height);
    if (width !== size.width || height !== size.height)
      setSize({ width, height });
  }, [size]);
  const width = size.width + PADDING * 2;
  const height = size.height + PADDING * 2;
  const box = (
    <g>
      <rect
        className={current ? classes.current : classes.node}
        width={width}
        height={height}
        rx={10}
      />
      <text
        ref={textRef}
        className={classes.text}
        x={width / 2}
        y={height / 2}
        textAnchor="middle"
        alignmentBaseline="middle"
      >
        {id}
      </text>
    </g>
  );
  if (!href || current) return box;
  return (
    <a
      href={href}
      className={classes.link}
      aria-label={`Promise ${id}`}
      onClick={(e: MouseEvent) => {
        // A plain click stays in the app; modified clicks open a tab as links do.
        if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
        e.preventDefault();
        navigate(href);
      }}
    >
      {box}
    </a>
  );
}

/**
 * The required-Promise graph of a composite Promise: the Promise, what it requires (with
 * whether each requirement is installed) and what requires it. Every other Promise the
 * platform has links to its page; one it lacks is plain text marked "not installed".
 * `platformPromises` names the platform's Promises (undefined when unknown: every name links).
 * Kratix's requirement state cannot tell: it is written only when the requiring Promise is
 * reconciled, so it can say "not installed at the specified version" (a Promise Kratix found)
 * of one since deleted.
 * @public
 */
export function RequiredPromiseGraph({
  promise,
  platformPromises,
}: {
  promise: PromiseDetail;
  platformPromises?: ReadonlySet<string>;
}) {
  const paths = useKratixPaths();
  const exists = (name: string) =>
    !platformPromises || platformPromises.has(name);
  const promiseName = (name: string) =>
    exists(name) ? (
      <PromisePageLink platform={promise.platform} name={name} />
    ) : (
      <>
        {name} <em>(not installed)</em>
      </>
    );
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
        renderNode={({ node }) => (
          <PromiseNode
            id={node.id}
            current={node.id === promise.name}
            href={
              exists(node.id)
                ? paths.promise(promise.platform, node.id)
                : undefined
            }
          />
        )}
      />
      <ul>
        {requirements.map(r => (
          <li key={r.name}>
            <strong>{promiseName(r.name)}</strong>
            {r.version ? ` ${r.version}` : ''}: {r.state}
          </li>
        ))}
        {requiredBy.map(r => (
          <li key={`required-by-${r.name}`}>
            required by <strong>{promiseName(r.name)}</strong>
            {r.version ? ` ${r.version}` : ''}
            {r.requiredVersion ? ` (at version ${r.requiredVersion})` : ''}
          </li>
        ))}
      </ul>
    </div>
  );
}
