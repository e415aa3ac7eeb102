import { Entity } from '@backstage/catalog-model';
import {
  DEFAULT_KRATIX_OWNER,
  destinationToEntity,
  generateTemplate,
  hasApi,
  pendingRequestToEntity,
  KratixEntityOptions,
  platformToEntity,
  promiseToEntity,
  requestToEntity,
} from '@kratix-backstage/plugin-kratix-common';
import { KratixPlatform } from '@kratix-backstage/plugin-kratix-node';
import { DEFAULT_PUBLISHED_ENTITIES, PublishedEntitiesConfig } from './config';
import {
  readPublishedEntities,
  SkippedPublishedDocument,
} from './publishedEntities';

/** How {@link readPlatformEntities} reads a platform. @public */
export interface ReadPlatformEntitiesOptions extends KratixEntityOptions {
  /**
   * Which entities Kratix pipelines published on portal Destinations are read too, or false
   * for none; default {@link DEFAULT_PUBLISHED_ENTITIES}.
   */
  publishedEntities?: PublishedEntitiesConfig | false;
  /** Told, on every read, which published documents were skipped and why. */
  onSkippedPublished?: (skipped: SkippedPublishedDocument[]) => void;
  /**
   * The location each entity ref was last provided from: a published entity stays there
   * while its document does (see readPublishedEntities).
   */
  providedFrom?: ReadonlyMap<string, string>;
}

/**
 * Reads one platform and shapes all of it as entities: its System, then its Destinations,
 * Promises, their generated Templates and requests, then the entities its pipelines
 * published on portal Destinations (see readPublishedEntities). Any failed read rejects the
 * whole call, because a full mutation built from a partial read would delete the entities
 * that failed to load.
 * @public
 */
export async function readPlatformEntities(
  platform: KratixPlatform,
  options: ReadPlatformEntitiesOptions = {},
): Promise<Entity[]> {
  const [promises, destinations, pending] = await Promise.all([
    platform.listPromises(),
    platform.listDestinations(),
    platform.listPendingRequests?.() ?? Promise.resolve([]),
  ]);
  // Only Promises with an API take requests; asking per Promise keeps each request with
  // the Promise it belongs to, which the request alone does not say in every mode.
  const requestsByPromise = await Promise.all(
    promises.filter(hasApi).map(async promise => ({
      promise,
      requests: await platform.listRequests({
        promise: promise.metadata.name,
      }),
    })),
  );
  const entities = [
    platformToEntity(platform, options),
    ...destinations.map(destination =>
      destinationToEntity(platform, destination, options),
    ),
    ...promises.map(promise => promiseToEntity(platform, promise, options)),
    // One self-service Template per Promise with an API, regenerated on every read so it
    // follows the Promise's schema.
    ...promises.flatMap(promise => {
      // The platform itself, not its name: the Template is titled and described as the
      // Promise's entity is, which names the platform by its title.
      const template = generateTemplate(platform, promise, {
        owner: options.owner ?? DEFAULT_KRATIX_OWNER,
        actAsUser: platform.actAsUser,
      });
      return template ? [template] : [];
    }),
    ...requestsByPromise.flatMap(({ promise, requests }) =>
      requests.map(request =>
        requestToEntity(platform, promise, request, options),
      ),
    ),
    // Requests proposed as pull requests show at once, and give way to the real request.
    ...pending.flatMap(p => {
      const promise = promises.find(x => x.metadata.name === p.promise);
      return promise
        ? [
            pendingRequestToEntity(
              platform,
              promise,
              p.request,
              p.pullRequestUrl,
              options,
            ),
          ]
        : [];
    }),
  ];
  const config = options.publishedEntities ?? DEFAULT_PUBLISHED_ENTITIES;
  if (!config) return entities;
  const published = await readPublishedEntities(platform, {
    config,
    destinations,
    emitted: entities,
    providedFrom: options.providedFrom,
  });
  options.onSkippedPublished?.(published.skipped);
  return [...entities, ...published.entities];
}
