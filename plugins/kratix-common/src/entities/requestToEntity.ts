import { Entity } from '@backstage/catalog-model';
import { KRATIX_ANNOTATIONS, KRATIX_ENTITY_TYPES } from '../annotations';
import { extractPromiseApi } from '../api';
import { KratixPromise, ResourceRequest } from '../model';
import { readRequestOwnerRef } from '../ownership';
import { readRequestStatus } from '../status';
import { parentOf } from '../views';
import {
  kratixEntityRef,
  platformEntityName,
  promiseEntityName,
  promiseTemplateName,
  requestEntityName,
} from './entityNames';
import { baseMetadata } from './kratixLocation';
import {
  DEFAULT_KRATIX_OWNER,
  KratixEntityOptions,
  KratixPlatformInfo,
} from './types';

/** `marketplace.kratix.io/v1alpha1` → group and version; a core `v1` has no group. */
function splitApiVersion(apiVersion: string): {
  group: string;
  version: string;
} {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : {
        group: apiVersion.slice(0, slash),
        version: apiVersion.slice(slash + 1),
      };
}

/**
 * Shapes a resource request as a `Component` of type `kratix-resource`.
 *
 * - Name `<platform>_<promise>_<namespace>_<name>` (see {@link kratixEntityName});
 *   `spec.dependsOn` is its Promise's Component.
 * - Owner: the exact ref in the request's `backstage.io/owner-ref` annotation (written
 *   by the suite's scaffolder action), else the `backstage.io/owner` label decoded as
 *   {@link readRequestOwnerRef} does: a leading kind word is split off
 *   (`group-team-checkout` → `group:default/team-checkout`, `user-jane` →
 *   `user:default/jane`) and any other value is a group name in `default`
 *   (`team-a` → `group:default/team-a`). Labels cannot hold `:` or `/`, so a namespaced
 *   owner only survives through the annotation. Else `options.owner`, else
 *   {@link DEFAULT_KRATIX_OWNER}.
 * - A sub-request of a composite (labels `kratix.io/component-of-*` or
 *   `kratix.io/parent-*`) is `spec.subcomponentOf` the composite request's Component.
 * - Annotations: `kratix.io/type: resource`, the five that locate the object (`group`,
 *   `version`, `kind`, `name`, `namespace`), `promise-name`, `status` (the phase, e.g.
 *   `Ready`), `platform`, and `backstage-promise-template` when the Promise has an API.
 * @public
 */
export function requestToEntity(
  platform: KratixPlatformInfo,
  promise: KratixPromise,
  request: ResourceRequest,
  options: KratixEntityOptions = {},
): Entity {
  const promiseName = promise.metadata.name;
  const { name, namespace } = request.metadata;
  const { group, version } = splitApiVersion(request.apiVersion);
  const status = readRequestStatus(
    request,
    promise.spec?.workflows?.resource?.configure ?? [],
  );
  const metadata = baseMetadata(
    platform.name,
    requestEntityName(platform.name, promiseName, namespace, name),
  );
  const annotations = metadata.annotations;
  annotations[KRATIX_ANNOTATIONS.type] = 'resource';
  annotations[KRATIX_ANNOTATIONS.promiseName] = promiseName;
  annotations[KRATIX_ANNOTATIONS.group] = group;
  annotations[KRATIX_ANNOTATIONS.version] = version;
  annotations[KRATIX_ANNOTATIONS.kind] = request.kind;
  annotations[KRATIX_ANNOTATIONS.name] = name;
  annotations[KRATIX_ANNOTATIONS.namespace] = namespace;
  annotations[KRATIX_ANNOTATIONS.status] = status.phase;
  if (extractPromiseApi(promise)) {
    annotations[KRATIX_ANNOTATIONS.promiseTemplate] = promiseTemplateName(
      platform.name,
      promiseName,
    );
  }

  const parent = parentOf(request);
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      ...metadata,
      title: name,
      description: `${request.kind} ${name} in ${namespace}, requested from the Kratix Promise ${promiseName}.`,
    },
    spec: {
      type: KRATIX_ENTITY_TYPES.resource,
      lifecycle: 'production',
      owner:
        readRequestOwnerRef(request.metadata) ??
        options.owner ??
        DEFAULT_KRATIX_OWNER,
      system: kratixEntityRef('system', platformEntityName(platform.name)),
      dependsOn: [
        kratixEntityRef(
          'component',
          promiseEntityName(platform.name, promiseName),
        ),
      ],
      ...(parent && {
        subcomponentOf: kratixEntityRef(
          'component',
          requestEntityName(
            platform.name,
            parent.promise,
            parent.namespace,
            parent.name,
          ),
        ),
      }),
    },
  };
}
