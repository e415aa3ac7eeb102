import { LinkButton } from '@backstage/core-components';
import { RouteFunc, useRouteRef } from '@backstage/core-plugin-api';
import Typography from '@material-ui/core/Typography';
import { scaffolderTemplateRouteRef } from '../../routes';
import { usePromiseTemplate } from './usePromiseTemplate';

/**
 * "Request <Kind>": a link to the scaffolder's page of the Promise's Template, through the
 * `scaffolderTemplate` external route the app binds, so it opens without reloading the app.
 * Nothing where the app binds no such route; a note where the catalog has no Template.
 */
export function RequestButton(props: {
  platform: string;
  promise: string;
  /** The API's kind, as the button says it (the Promise's name where it has none). */
  kind?: string;
}) {
  const templateRoute = useRouteRef(scaffolderTemplateRouteRef);
  // Unbound: nowhere to send anyone, so the catalog is not even asked.
  return templateRoute ? (
    <TemplateLinkButton {...props} templateRoute={templateRoute} />
  ) : null;
}

function TemplateLinkButton(props: {
  platform: string;
  promise: string;
  kind?: string;
  templateRoute: RouteFunc<{ namespace: string; templateName: string }>;
}) {
  const { platform, promise, kind, templateRoute } = props;
  const template = usePromiseTemplate(platform, promise);
  if (template.loading) return null;
  if (template.error)
    return (
      <Typography variant="body2" color="textSecondary">
        Could not look for this Promise's Template in the catalog, so it cannot
        be requested from here: {template.error.message}
      </Typography>
    );
  if (!template.value)
    return (
      <Typography variant="body2" color="textSecondary">
        The catalog has no Template for {promise} on platform {platform} yet, so
        it cannot be requested from here.
      </Typography>
    );
  return (
    <LinkButton
      variant="contained"
      color="primary"
      to={templateRoute({
        namespace: template.value.namespace,
        templateName: template.value.name,
      })}
      style={{ marginTop: 8 }}
    >
      Request {kind ?? promise}
    </LinkButton>
  );
}
