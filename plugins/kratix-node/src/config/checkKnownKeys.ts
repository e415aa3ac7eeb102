import { Config } from '@backstage/config';

/** The keys `kratix.*` may hold, level by level; `[]` marks a list of such objects. */
const SHAPE = {
  platforms: [
    {
      name: null,
      title: null,
      mode: null,
      admins: null,
      cluster: {
        url: null,
        caData: null,
        token: null,
        skipTLSVerify: null,
        inCluster: null,
        actAsUser: null,
        userAuthProvider: null,
        kubeconfig: { path: null, context: null },
      },
      repository: {
        path: null,
        url: null,
        branch: null,
        pullRequests: null,
        platformPath: null,
        requestsPath: null,
        stateStorePaths: null,
        pipelineSettleSeconds: null,
        reconcileLabelSeconds: null,
      },
      stateStores: [
        {
          name: null,
          kind: null,
          url: null,
          endpoint: null,
          region: null,
          accessKeyId: null,
          secretAccessKey: null,
        },
      ],
    },
  ],
  embedded: {
    name: null,
    title: null,
    dataDir: null,
    standInKratix: null,
    pipelineSeconds: null,
    admins: null,
  },
  marketplace: { indexUrl: null, allowedHosts: null, insecureHosts: null },
  notifications: { settleSeconds: null },
  admins: null,
} as const;

type Shape = { readonly [key: string]: Shape | readonly [Shape] | null };

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(
        row[j] + 1,
        row[j - 1] + 1,
        previous + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1),
      );
      previous = current;
    }
  }
  return row[b.length];
}

function check(config: Config, shape: Shape, key: string): void {
  for (const child of config.keys()) {
    const full = `${key}.${child}`;
    if (!(child in shape)) {
      const known = Object.keys(shape);
      const near = known.find(k => distance(k, child) <= 2);
      throw new Error(
        `Invalid Kratix configuration at ${full}: unknown key${
          near ? `; did you mean ${key}.${near}?` : ''
        } (${key} takes ${known.join(', ')})`,
      );
    }
    const sub = shape[child];
    if (Array.isArray(sub)) {
      (config.getOptionalConfigArray(child) ?? []).forEach((item, i) =>
        check(item, sub[0], `${full}[${i}]`),
      );
    } else if (sub) {
      const value = config.getOptional(child);
      if (value !== null && typeof value === 'object' && !Array.isArray(value))
        check(config.getConfig(child), sub as Shape, full);
    }
  }
}

/**
 * Refuses keys under `kratix` that the suite does not read, naming them, so a typo such as
 * `kratix.platform` stops the backend at start instead of silently configuring nothing.
 * @public
 */
export function checkKnownKratixKeys(config: Config): void {
  const kratix = config.getOptionalConfig('kratix');
  if (kratix) check(kratix, SHAPE as unknown as Shape, 'kratix');
}
