import { join } from 'node:path';
import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { PlatformConfig } from '../config/readKratixConfig';
import { createRequestWriter } from '../gitops/createRepository';
import { createKubeConfig } from '../kubernetes/createKubeConfig';
import { KubernetesApiClient } from '../kubernetes/KubernetesApiClient';
import { GitOpsKratixPlatform } from './GitOpsKratixPlatform';
import { KratixPlatform } from './KratixPlatform';
import { KubernetesKratixPlatform } from './KubernetesKratixPlatform';
import { PromiseDocumentFetcher } from './ReleasedPromises';
import { StateStoreSources } from '../stateStores';

/**
 * Builds the platform a configuration describes: read from the cluster's watch caches
 * (kubernetes, hybrid) or the repository (gitops); write through the API (kubernetes) or
 * by commits (gitops, hybrid). Cluster platforms start syncing in the background, so an
 * unreachable cluster never holds up the backend's start. A gitops platform fetches the
 * Promises its PromiseReleases point at with `options.promiseFetcher` (the marketplace
 * client, allow-listed hosts only); a cluster's Kratix does that itself.
 * @public
 */
export function createPlatform(
  config: PlatformConfig,
  logger: LoggerService,
  rootConfig: Config,
  options: { promiseFetcher?: PromiseDocumentFetcher } = {},
): KratixPlatform {
  const platformLogger = logger.child({ platform: config.name });
  if (config.mode === 'gitops') {
    const repository = config.repository!;
    return new GitOpsKratixPlatform({
      name: config.name,
      title: config.title,
      admins: config.admins,
      directory: repository.path,
      writer: createRequestWriter(repository, rootConfig),
      platformPath: repository.platformPath,
      requestsPath: repository.requestsPath,
      stateStorePaths: repository.stateStorePaths,
      pipelineSettleMs:
        repository.pipelineSettleSeconds === undefined
          ? undefined
          : repository.pipelineSettleSeconds * 1000,
      reconcileLabelSeconds: repository.reconcileLabelSeconds,
      // Stores elsewhere (a GitStateStore's own repository, a bucket) read through sources;
      // hybrid platforms read what Kratix placed from the cluster's WorkPlacements instead.
      stateStoreSources: new StateStoreSources({
        platform: config.name,
        repository: {
          path: repository.path,
          url: repository.url,
          branch: repository.branch,
        },
        clonesPath:
          config.stateStoreClonesPath ??
          join(repository.path, '..', `.${config.name}-state-stores`),
        stateStores: config.stateStores,
        rootConfig,
      }),
      promiseFetcher: options.promiseFetcher,
      logger: platformLogger,
    });
  }
  const platform = new KubernetesKratixPlatform({
    name: config.name,
    title: config.title,
    admins: config.admins,
    client: new KubernetesApiClient(
      createKubeConfig(config.cluster!, config.name),
    ),
    logger: platformLogger,
    actAsUser: config.cluster?.actAsUser,
    userAuthProvider: config.cluster?.userAuthProvider,
    requestWriter:
      config.mode === 'hybrid'
        ? createRequestWriter(config.repository!, rootConfig)
        : undefined,
  });
  void platform.start();
  return platform;
}
