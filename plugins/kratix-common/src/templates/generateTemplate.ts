import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import { extractPromiseApi } from '../api';
import { KRATIX_ANNOTATIONS } from '../annotations';
import {
  KratixPlatformInfo,
  promiseDisplay,
  promiseEntityName,
  promiseTemplateName,
} from '../entities';
import { baseMetadata } from '../entities/kratixLocation';
import { KratixPromise } from '../model';
import { KratixDryRunPreviewOptions } from './dryRunPreviewField';
import { formErrorMessages, KRATIX_FORM_FIELDS } from './formValueErrors';
import { humanise, schemaToFormSchema } from './schemaToFormSchema';

/** Options of the Template generator. @public */
export interface GenerateTemplateOptions {
  /** Owner of the Template entity. */
  owner: string;
  /** Namespace suggested in the form. Default `default`. */
  defaultNamespace?: string;
  /** How long the wait step waits (seconds). Default 900. */
  waitTimeoutSeconds?: number;
  /**
   * Set when the platform writes to its cluster as the signed-in user (its `actAsUser`):
   * the form then carries the `KratixClusterCredentials` field, which hands the user's token
   * to the request step as the task secret `kratixClusterToken`.
   */
  actAsUser?: { authProvider: string };
}

/** Parameters the generator itself adds; spec properties may not use them. */
const METADATA_FIELDS = [
  'objname',
  'objnamespace',
  'owner',
  'clusterCredentials',
  'dryRunPreview',
] as const;

const DNS1123 = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';

/**
 * Generates the self-service Template of a Promise with an API: a first page for the
 * request's name, namespace (Kubernetes name rules) and owner, then a page per top-level
 * group of the spec (each object property gets its own page; scalars and lists share a
 * "Settings" page), every constraint of the schema carried over, and a last "Preview" page
 * where Kratix's DryRun shows what the request would change. The steps call
 * `kratix:resource:request` and `kratix:resource:wait`, and the output links to the new
 * request's entity and shows the request document (in a dry run, the one it would write).
 * Fields are labelled with the schema's title, else the property name in words; the Template's
 * title and description are the Promise's catalog entity's ({@link promiseDisplay}), so the
 * platform is best given with its title (a name alone is its own title).
 * API-less Promises get no Template (undefined).
 * @public
 */
export function generateTemplate(
  platformOrName: KratixPlatformInfo | string,
  promise: KratixPromise,
  options: GenerateTemplateOptions,
): Entity | undefined {
  const api = extractPromiseApi(promise);
  if (!api) return undefined;
  const platformInfo =
    typeof platformOrName === 'string'
      ? { name: platformOrName }
      : platformOrName;
  const platform = platformInfo.name;
  const name = promise.metadata.name;
  const display = promiseDisplay(platformInfo, promise);
  const spec = api.specSchema ?? { type: 'object', properties: {} };
  const properties = spec.properties ?? {};
  const required = new Set(spec.required ?? []);
  // Spec properties are kept under their own names; if one clashes with a generated field it
  // gets a `spec_` prefix in the form and is mapped back in the step.
  const formKey = (key: string) =>
    (METADATA_FIELDS as readonly string[]).includes(key) ? `spec_${key}` : key;

  const groups: Array<{ title: string; description?: string; keys: string[] }> =
    [];
  const scalars: string[] = [];
  for (const [key, value] of Object.entries(properties)) {
    if (value.properties)
      groups.push({
        title: (value.title as string) ?? humanise(key),
        description: value.description,
        keys: [key],
      });
    else scalars.push(key);
  }
  if (scalars.length) groups.unshift({ title: 'Settings', keys: scalars });
  if (
    Object.keys(properties).length === 0 &&
    spec['x-kubernetes-preserve-unknown-fields']
  ) {
    groups.push({ title: 'Settings', keys: [] });
  }

  const objname = {
    title: 'Name',
    type: 'string',
    description:
      'Name of the request: lower-case letters, digits and "-", at most 63 characters.',
    pattern: DNS1123,
    maxLength: 63,
  };
  const objnamespace = {
    title: 'Namespace',
    type: 'string',
    description: 'Namespace on the platform the request goes to.',
    pattern: DNS1123,
    maxLength: 63,
  };
  const pages: Array<Record<string, unknown>> = [
    {
      title: `Request ${api.kind}`,
      description: `A ${api.kind} from the ${
        display.title
      } Promise on platform ${platformInfo.title ?? platform}.`,
      required: ['objname', 'objnamespace'],
      properties: {
        objname: {
          ...objname,
          errorMessage: formErrorMessages(objname),
          // Checked while it is typed, not only on Next.
          'ui:field': KRATIX_FORM_FIELDS.text,
          'ui:autofocus': true,
        },
        objnamespace: {
          ...objnamespace,
          // In words after Next too, not ajv's "must match pattern" and the expression.
          errorMessage: formErrorMessages(objnamespace),
          default: options.defaultNamespace ?? 'default',
          'ui:field': 'KratixNamespacePicker',
          'ui:options': { platform },
        },
        owner: {
          title: 'Owner',
          type: 'string',
          description: 'Team that owns the request.',
          'ui:field': 'OwnerPicker',
          'ui:options': { catalogFilter: { kind: ['Group', 'User'] } },
        },
        // Writes as the user need their cluster token: the field puts it in the task's
        // secrets (never in the parameters) and shows nothing on the review step.
        ...(options.actAsUser && {
          clusterCredentials: {
            title: 'Cluster credentials',
            type: 'string',
            'ui:field': 'KratixClusterCredentials',
            'ui:options': { platform },
            'ui:backstage': { review: { show: false } },
          },
        }),
      },
    },
    ...groups.map(group => {
      const page: Record<string, unknown> = {
        title: group.title,
        properties: Object.fromEntries(
          group.keys.map(key => [
            formKey(key),
            schemaToFormSchema(properties[key], key),
          ]),
        ),
      };
      if (group.description) page.description = group.description;
      const pageRequired = group.keys
        .filter(key => required.has(key))
        .map(formKey);
      if (pageRequired.length) page.required = pageRequired;
      if (group.keys.length === 0) {
        page.properties = {
          // The same key/value editor as any free-form object of a schema.
          spec_extra: schemaToFormSchema(
            {
              type: 'object',
              title: 'Fields',
              description: 'This Promise accepts any fields.',
              'x-kubernetes-preserve-unknown-fields': true,
            },
            'spec',
          ),
        };
      }
      return page;
    }),
  ];

  // Spec property → form key: the request step and the preview read the spec alike.
  const specFields = Object.fromEntries(
    Object.keys(properties).map(key => [key, formKey(key)]),
  );
  const freeForm = Object.keys(properties).length === 0;
  const preview: KratixDryRunPreviewOptions = {
    platform,
    promise: name,
    apiVersion: api.apiVersion,
    kind: api.kind,
    ...(freeForm ? { specObjectField: 'spec_extra' } : { specFields }),
  };
  pages.push({
    title: 'Preview',
    description:
      "What this request would change, from Kratix's DryRun where the platform runs it.",
    properties: {
      dryRunPreview: {
        title: 'DryRun preview',
        type: 'string',
        'ui:field': KRATIX_FORM_FIELDS.dryRunPreview,
        'ui:options': preview,
        // It holds no value: nothing to review, nothing for the steps.
        'ui:backstage': { review: { show: false } },
      },
    },
  });

  const specInput: Record<string, string> = {};
  // Bracket access: a name such as `job-template-name` or `max.size` is not an identifier, and
  // `parameters.job-template-name` would evaluate as a subtraction.
  for (const [key, field] of Object.entries(specFields))
    specInput[key] = `\${{ parameters[${JSON.stringify(field)}] }}`;
  const templateName = promiseTemplateName(platform, name);
  return {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: {
      ...baseMetadata(platform, templateName),
      // As the Promise's catalog entity has them.
      title: display.title,
      description: display.description,
      tags: [
        'kratix',
        'kratix-resource',
        name.toLowerCase().replace(/[^a-z0-9:+#-]/g, '-'),
      ],
      annotations: {
        ...baseMetadata(platform, templateName).annotations,
        [KRATIX_ANNOTATIONS.promiseName]: name,
        [KRATIX_ANNOTATIONS.apiGroup]: api.group,
        [KRATIX_ANNOTATIONS.apiName]: api.kind,
      },
    },
    spec: {
      owner: options.owner,
      type: 'kratix-resource',
      system: `system:default/${platform}`,
      parameters: pages as JsonObject[],
      steps: [
        {
          id: 'request',
          name: `Request the ${api.kind}`,
          action: 'kratix:resource:request',
          input: {
            platform,
            promise: name,
            name: '${{ parameters.objname }}',
            namespace: '${{ parameters.objnamespace }}',
            owner: '${{ parameters.owner }}',
            spec: freeForm ? '${{ parameters.spec_extra }}' : specInput,
          },
        },
        {
          id: 'wait',
          name: 'Wait for Kratix to fulfil it',
          action: 'kratix:resource:wait',
          input: {
            platform,
            promise: name,
            name: '${{ parameters.objname }}',
            namespace: '${{ parameters.objnamespace }}',
            timeoutSeconds: options.waitTimeoutSeconds ?? 900,
          },
        },
      ],
      output: {
        links: [
          {
            title: 'Open the request',
            icon: 'kind:component',
            entityRef: '${{ steps.request.output.entityRef }}',
          },
          {
            title: `${display.title} Promise`,
            icon: 'kind:component',
            entityRef: `component:default/${promiseEntityName(platform, name)}`,
          },
        ],
        text: [
          {
            title: 'Where it landed',
            content: '${{ steps.wait.output.paths | join("\\n") }}',
          },
          {
            // The document written, or in a dry run the one that would be: the action outputs
            // it either way, so the template editor's dry run shows what a real run commits.
            title: 'Request document',
            content: '```yaml\n${{ steps.request.output.document }}\n```',
          },
        ],
      },
    },
  };
}
