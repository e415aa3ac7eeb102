import { ResponseErrorPanel, WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { kratixApiRef } from '../../api/KratixApi';

const TITLES: Record<string, string> = {
  'duplicate-promise': 'Promise declared twice',
  'duplicate-api': 'Two Promises serve the same API',
  'promise-release': 'A PromiseRelease whose Promise cannot be shown',
  'state-store-unreadable': 'A state store that cannot be read',
};

/**
 * What is wrong in what the platforms declare (duplicates the suite will not resolve
 * silently), in a warning panel naming each problem, which one is served and the files.
 * Renders nothing when every platform is clean.
 */
export function PlatformProblems() {
  const api = useApi(kratixApiRef);
  const { value, error } = useAsync(() => api.getPlatforms(), [api]);
  if (error)
    return (
      <ResponseErrorPanel title="Could not read the platforms" error={error} />
    );
  const problems = (value ?? []).flatMap(p =>
    (p.health.problems ?? []).map(problem => ({ platform: p.name, problem })),
  );
  if (problems.length === 0) return null;
  return (
    <WarningPanel
      severity="warning"
      defaultExpanded
      title={`${problems.length} problem${
        problems.length === 1 ? '' : 's'
      } in what the platform declares`}
    >
      <ul aria-label="platform problems">
        {problems.map(({ platform, problem }, i) => (
          <li key={`${platform}-${i}`}>
            <Typography variant="body2">
              <strong>
                {TITLES[problem.kind] ?? problem.kind} (platform {platform}):
              </strong>{' '}
              {problem.message}
            </Typography>
            {problem.paths?.length ? (
              <Typography variant="caption" color="textSecondary">
                Files: {problem.paths.join(', ')}
              </Typography>
            ) : null}
          </li>
        ))}
      </ul>
    </WarningPanel>
  );
}
