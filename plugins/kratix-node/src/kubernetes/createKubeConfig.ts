import { KubeConfig } from '@kubernetes/client-node';
import { ClusterConfig } from '../config/readKratixConfig';

/**
 * Builds the client configuration for a platform cluster from the suite's config: a URL
 * with CA and service-account token, a kubeconfig file and context, or the pod's own
 * service account (in-cluster).
 * @public
 */
export function createKubeConfig(
  cluster: ClusterConfig,
  platformName: string,
): KubeConfig {
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
        contexts: [
          { name: platformName, cluster: platformName, user: platformName },
        ],
        currentContext: platformName,
      });
      break;
    case 'kubeconfig':
      try {
        kc.loadFromFile(cluster.path);
      } catch (error) {
        // A YAML error's message quotes the lines around the fault, which in a kubeconfig
        // are tokens and client keys: only its reason and line are kept. Other errors (a
        // missing file, "users[0].name is missing") name paths and fields, not values.
        const e = error as {
          reason?: string;
          mark?: { line?: number };
          message?: string;
        };
        const why = e?.reason
          ? `${e.reason}${
              typeof e.mark?.line === 'number'
                ? ` at line ${e.mark.line + 1}`
                : ''
            }`
          : e?.message ?? String(error);
        throw new Error(
          `Kratix platform ${platformName}: cannot load the kubeconfig ${cluster.path}: ${why}`,
        );
      }
      if (cluster.context) {
        if (!kc.getContextObject(cluster.context)) {
          throw new Error(
            `Kratix platform ${platformName}: context "${cluster.context}" is not in ${cluster.path}`,
          );
        }
        kc.setCurrentContext(cluster.context);
      }
      break;
    default:
      kc.loadFromCluster();
  }
  return kc;
}
