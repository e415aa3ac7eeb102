import { CodeSnippet, EmptyState, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { KRATIX_NOT_CONFIGURED_MESSAGE } from '@kratix-backstage/plugin-kratix-common';
import useAsync from 'react-use/esm/useAsync';
import { kratixApiRef } from '../../api/KratixApi';

/** The fix for a backend with no Kratix platform: the configuration to add. @public */
export function NotConfigured() {
  const [intro, ...config] = KRATIX_NOT_CONFIGURED_MESSAGE.split('\n\n');
  return (
    <EmptyState
      missing="data"
      title="No Kratix platform configured"
      description={intro.replace(/, for example:$/, '.')}
      action={
        <CodeSnippet
          language="yaml"
          text={config.join('\n\n')}
          showCopyCodeButton
        />
      }
    />
  );
}

/** Renders its children once the backend has a platform, and {@link NotConfigured} when it has none. @public */
export function WhenKratixConfigured({ children }: { children: JSX.Element }) {
  const api = useApi(kratixApiRef);
  const { value: platforms, loading } = useAsync(
    () => api.getPlatforms(),
    [api],
  );
  if (loading) return <Progress />;
  // An error here (backend down) is left to the pages, which say what failed.
  if (platforms && platforms.length === 0) return <NotConfigured />;
  return children;
}
