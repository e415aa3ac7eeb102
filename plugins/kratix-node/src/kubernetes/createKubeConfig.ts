import { KubeConfig } from '@kubernetes/client-node';
import { ClusterConfig } from '../config/readKratixConfig';

/**
 * Builds the client configuration for a platform cluster from the suite's config: a URL
 * with CA and service-account token, a kubeconfig file and context, or the pod's own
 * service account (in-cluster).
 * @public
 */
export function createKubeConfig(cluster: ClusterConfig, platformName: string): KubeConfig {
  const kc = new KubeConfig();
  switch (cluster.type) {
    case 'url':
      kc.loadFromOptions({
        clusters: [
          {
            name: platformName,
            server: cluster.url,
            caData: cluster.caData,
            skipTLSVerify: cluster.skipTLSVerify,
          },
        ],
        users: [{ name: platformName, token: cluster.token }],
        contexts: [{ name: platformName, cluster: platformName, user: platformName }],
        currentContext: platformName,
      });
      break;
    case 'kubeconfig':
      kc.loadFromFile(cluster.path);
      if (cluster.context) {
        if (!kc.getContextObject(cluster.context)) {
          throw new Error(`Kratix platform ${platformName}: context "${cluster.context}" is not in ${cluster.path}`);
        }
        kc.setCurrentContext(cluster.context);
      }
      break;
    default:
      kc.loadFromCluster();
  }
  return kc;
}
