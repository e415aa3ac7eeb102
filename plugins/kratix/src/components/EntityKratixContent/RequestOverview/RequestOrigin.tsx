import { Link } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { RequestDetail } from '@kratix-backstage/plugin-kratix-common';

/** The commit (and pull request) that last changed the request's file, in gitops mode. */
export function RequestOrigin({ detail }: { detail: RequestDetail }) {
  const origin = detail.origin;
  if (!origin) return null;
  const sha = <code>{origin.commit.slice(0, 12)}</code>;
  const pr = origin.pullRequest;
  return (
    <Typography variant="body2" component="div" style={{ marginTop: 8 }}>
      Last changed by commit{' '}
      {origin.url ? <Link to={origin.url}>{sha}</Link> : sha}
      {origin.subject && <> “{origin.subject}”</>}
      {origin.author && <> by {origin.author}</>}
      {pr && (
        <>
          , merged from{' '}
          {pr.url ? (
            <Link to={pr.url}>pull request #{pr.number}</Link>
          ) : (
            <>pull request #{pr.number}</>
          )}
        </>
      )}
      {origin.path && (
        <>
          {' '}
          (<code>{origin.path}</code>)
        </>
      )}
    </Typography>
  );
}
