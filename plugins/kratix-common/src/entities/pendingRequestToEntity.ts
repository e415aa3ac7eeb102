import { Entity } from '@backstage/catalog-model';
import { KRATIX_ANNOTATIONS } from '../annotations';
import { KratixPromise, ResourceRequest } from '../model';
import { requestToEntity } from './requestToEntity';
import { KratixEntityOptions, KratixPlatformInfo } from './types';

/**
 * The entity of a request proposed as a pull request and not on the platform yet: the same
 * name as the request's entity will have (so the real one replaces it), marked
 * `kratix.io/phase: pending-review` with the pull request's link.
 * @public
 */
export function pendingRequestToEntity(
  platform: KratixPlatformInfo,
  promise: KratixPromise,
  request: ResourceRequest,
  pullRequestUrl: string,
  options: KratixEntityOptions = {},
): Entity {
  const entity = requestToEntity(
    platform,
    promise,
    { ...request, status: undefined },
    options,
  );
  entity.metadata.annotations = {
    ...entity.metadata.annotations,
    [KRATIX_ANNOTATIONS.phase]: 'pending-review',
    [KRATIX_ANNOTATIONS.pullRequestUrl]: pullRequestUrl,
    [KRATIX_ANNOTATIONS.status]: 'Pending',
  };
  entity.metadata.links = [
    ...(entity.metadata.links ?? []),
    { url: pullRequestUrl, title: 'Pull request', icon: 'github' },
  ];
  entity.metadata.description = `Waiting for review: ${pullRequestUrl}`;
  return entity;
}
