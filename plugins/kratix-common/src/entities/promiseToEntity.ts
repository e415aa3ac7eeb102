import { Entity } from '@backstage/catalog-model';
import { KRATIX_ANNOTATIONS, KRATIX_ENTITY_TYPES } from '../annotations';
import { extractPromiseApi } from '../api';
import { KratixPromise } from '../model';
import { readRequestOwnerRef } from '../ownership';
import { readPromiseStatus } from '../status';
import {
  kratixEntityRef,
  platformEntityName,
  promiseEntityName,
  promiseTemplateName,
} from './entityNames';
import { baseMetadata } from './kratixLocation';
import { promiseDisplay } from './promiseDisplay';
import { formatPromiseStatusAnnotation } from './promiseStatusAnnotation';
import {
  DEFAULT_KRATIX_OWNER,
  KratixEntityOptions,
  KratixPlatformInfo,
} from './types';

/**
 * Shapes a Promise as a `Component` of type `kratix-promise` in its platform's System.
 *
 * - Name `<platform>_<promise>` (see {@link kratixEntityName}); `spec.dependsOn` names the
 *   Components of `spec.requiredPromises` by the same rule, so a composite Promise shows
 *   its parts in the catalog graph.
 * - Owner: the Promise's own `backstage.io/owner-ref` annotation or `backstage.io/owner`
 *   label when it has one (read as for requests), else `options.owner`, else
 *   {@link DEFAULT_KRATIX_OWNER}.
 * - Annotations follow the Kratix portal contract: `kratix.io/type: promise`,
 *   `promise-name`, `api-name` (the kind), `api-group`, `status` (compact JSON of
 *   availability and version), `platform`, and `backstage-promise-template` naming the
 *   Template the catalog generates for a Promise with an API. A Promise without an API
 *   takes no requests, so it has neither the API annotations nor a Template.
 * - Title and description from {@link promiseDisplay}, as its Template has them.
 * @public
 */
export function promiseToEntity(
  platform: KratixPlatformInfo,
  promise: KratixPromise,
  options: KratixEntityOptions = {},
): Entity {
  const promiseName = promise.metadata.name;
  const api = extractPromiseApi(promise);
  const status = readPromiseStatus(promise);
  const metadata = baseMetadata(
    platform.name,
    promiseEntityName(platform.name, promiseName),
  );
  const annotations = metadata.annotations;
  annotations[KRATIX_ANNOTATIONS.type] = 'promise';
  annotations[KRATIX_ANNOTATIONS.promiseName] = promiseName;
  if (api) {
    annotations[KRATIX_ANNOTATIONS.apiName] = api.kind;
    annotations[KRATIX_ANNOTATIONS.apiGroup] = api.group;
    annotations[KRATIX_ANNOTATIONS.promiseTemplate] = promiseTemplateName(
      platform.name,
      promiseName,
    );
  }
  annotations[KRATIX_ANNOTATIONS.status] =
    formatPromiseStatusAnnotation(status);

  const required = (promise.spec?.requiredPromises ?? [])
    .map(r => r.name)
    .filter(Boolean);
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      ...metadata,
      // The same title and description as the Promise's Template.
      ...promiseDisplay(platform, promise),
    },
    spec: {
      type: KRATIX_ENTITY_TYPES.promise,
      lifecycle: 'production',
      owner:
        readRequestOwnerRef(promise.metadata) ??
        options.owner ??
        DEFAULT_KRATIX_OWNER,
      system: kratixEntityRef('system', platformEntityName(platform.name)),
      ...(required.length > 0 && {
        dependsOn: [...new Set(required)].map(name =>
          kratixEntityRef('component', promiseEntityName(platform.name, name)),
        ),
      }),
    },
  };
}
