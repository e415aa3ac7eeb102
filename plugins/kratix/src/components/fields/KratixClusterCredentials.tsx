import { useApi, useApiHolder } from '@backstage/core-plugin-api';
import {
  FieldExtensionComponentProps,
  useTemplateSecrets,
} from '@backstage/plugin-scaffolder-react';
import FormHelperText from '@material-ui/core/FormHelperText';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { kratixApiRef } from '../../api/KratixApi';
import { getClusterToken } from '../../api/clusterToken';
import { KratixFieldOptions } from './kratixFields';

/** The task secret the `kratix:resource:request` action reads the user's cluster token from. */
const SECRET = 'kratixClusterToken';

/**
 * For a platform that writes as the signed-in user (`cluster.actAsUser`): gets the user's
 * token from the platform's auth provider and puts it in the task's secrets as
 * `kratixClusterToken`, never in the form's values. Renders one line saying so, or why the
 * token could not be had; renders nothing, and sets nothing, for other platforms.
 * Use as `ui:field: KratixClusterCredentials` with `ui:options: { platform }`.
 * @public
 */
export function KratixClusterCredentials(
  props: FieldExtensionComponentProps<string, KratixFieldOptions>,
) {
  const platformName = (
    props.uiSchema?.['ui:options'] as KratixFieldOptions | undefined
  )?.platform;
  const kratixApi = useApi(kratixApiRef);
  const apis = useApiHolder();
  const { setSecrets } = useTemplateSecrets();
  const { value, loading, error } = useAsync(async () => {
    const platforms = await kratixApi.getPlatforms();
    const platform = platformName
      ? platforms.find(p => p.name === platformName)
      : platforms[0];
    if (!platform)
      throw new Error(`No Kratix platform named "${platformName}"`);
    if (!platform.actAsUser) return undefined;
    const provider = platform.actAsUser.authProvider;
    const token = await getClusterToken(apis, provider).catch((e: Error) => {
      throw new Error(
        `Requests to ${platform.title} are written as you, but your ${provider} token could not be had: ${e.message}`,
      );
    });
    setSecrets({ [SECRET]: token });
    return { title: platform.title, provider };
  }, [kratixApi, apis, platformName]);

  if (loading) return null;
  if (error) {
    return (
      <FormHelperText error role="alert">
        {error.message}
      </FormHelperText>
    );
  }
  if (!value) return null;
  return (
    <Typography variant="body2" color="textSecondary">
      Requests are written to {value.title} as you ({value.provider})
    </Typography>
  );
}
