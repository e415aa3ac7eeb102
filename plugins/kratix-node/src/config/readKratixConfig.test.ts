import { ConfigReader } from '@backstage/config';
import { readKratixConfig } from './readKratixConfig';

const read = (kratix: any) => readKratixConfig(new ConfigReader({ kratix }));

describe('readKratixConfig', () => {
  it('configures nothing, and no demo, when there is no kratix config', () => {
    const config = readKratixConfig(new ConfigReader({}));
    expect(config.platforms).toEqual([]);
    expect(config.embedded).toBeUndefined();
  });

  it('serves the embedded platform only where kratix.embedded is configured', () => {
    const config = read({ embedded: {} });
    expect(config.embedded).toEqual(
      expect.objectContaining({
        name: 'easyeaty',
        standInKratix: true,
        admins: [],
      }),
    );
    const both = read({
      embedded: {},
      platforms: [{ name: 'prod', repository: { path: '/srv/p' } }],
    });
    expect([both.platforms[0].name, both.embedded?.name]).toEqual([
      'prod',
      'easyeaty',
    ]);
    expect(() =>
      read({
        embedded: {},
        platforms: [{ name: 'easyeaty', repository: { path: '/p' } }],
      }),
    ).toThrow('at kratix.embedded.name');
  });

  it("reads how long the embedded stand-in's pipelines take, within bounds", () => {
    expect(read({ embedded: {} }).embedded?.pipelineSeconds).toBe(1.5);
    expect(
      read({ embedded: { pipelineSeconds: 8 } }).embedded?.pipelineSeconds,
    ).toBe(8);
    expect(() => read({ embedded: { pipelineSeconds: -1 } })).toThrow(
      'at kratix.embedded.pipelineSeconds',
    );
  });

  it('stops at an unknown key, naming it and the key it probably meant', () => {
    expect(() => read({ platform: [{ name: 'prod' }] })).toThrow(
      'Invalid Kratix configuration at kratix.platform: unknown key; did you mean kratix.platforms?',
    );
    expect(() =>
      read({
        platforms: [{ name: 'prod', repository: { path: '/p', brnach: 'x' } }],
      }),
    ).toThrow(
      'at kratix.platforms[0].repository.brnach: unknown key; did you mean kratix.platforms[0].repository.branch?',
    );
    expect(() => read({ embedded: { standInKratx: false } })).toThrow(
      'kratix.embedded.standInKratx',
    );
  });

  it('reads a gitops platform with defaults', () => {
    const config = read({
      platforms: [{ name: 'prod', repository: { path: '/srv/platform' } }],
    });
    expect(config.embedded).toBeUndefined();
    expect(config.marketplace).toEqual({
      indexUrl: undefined,
      allowedHosts: ['raw.githubusercontent.com'],
      insecureHosts: [],
    });
    expect(config.platforms).toEqual([
      {
        name: 'prod',
        title: undefined,
        admins: [],
        mode: 'gitops',
        cluster: undefined,
        repository: {
          path: '/srv/platform',
          url: undefined,
          branch: 'main',
          pullRequests: false,
          platformPath: '.',
          requestsPath: 'requests',
          stateStorePaths: ['state'],
          pipelineSettleSeconds: 600,
          reconcileLabelSeconds: 600,
        },
        stateStores: [],
        stateStoreClonesPath: expect.stringMatching(/state-stores\/prod$/),
      },
    ]);
  });

  it("reads how long a changed request's pipeline is awaited, and names a bad value", () => {
    const settle = (pipelineSettleSeconds: unknown) =>
      read({
        platforms: [
          {
            name: 'prod',
            repository: { path: '/srv/platform', pipelineSettleSeconds },
          },
        ],
      }).platforms[0].repository?.pipelineSettleSeconds;
    expect(settle(0)).toBe(0);
    expect(settle(120)).toBe(120);
    expect(() => settle(-1)).toThrow(
      'kratix.platforms[0].repository.pipelineSettleSeconds',
    );
    expect(() => settle(1.5)).toThrow(/whole number of seconds/);
  });

  it('reads how long "Reconcile now" stays in git, and names a bad value', () => {
    const seconds = (reconcileLabelSeconds: unknown) =>
      read({
        platforms: [
          {
            name: 'prod',
            repository: { path: '/srv/platform', reconcileLabelSeconds },
          },
        ],
      }).platforms[0].repository?.reconcileLabelSeconds;
    expect(seconds(undefined)).toBe(600);
    expect(seconds(1)).toBe(1);
    expect(seconds(86400)).toBe(86400);
    for (const bad of [0, -5, 1.5, 86401, '600'])
      expect(() => seconds(bad)).toThrow(
        /kratix\.platforms\[0\]\.repository\.reconcileLabelSeconds.*whole number of seconds from 1 to 86400/,
      );
    // A misspelt key is refused, not silently left at the default.
    expect(() =>
      read({
        platforms: [
          {
            name: 'prod',
            repository: { path: '/srv/platform', reconcileLabelSecond: 60 },
          },
        ],
      }),
    ).toThrow(/reconcileLabelSecond\b.*reconcileLabelSeconds/s);
  });

  it('reads how state stores outside the platform repository are reached', () => {
    const config = read({
      platforms: [
        {
          name: 'prod',
          repository: { path: '/srv/platform' },
          stateStores: [
            {
              name: 'minio',
              kind: 'BucketStateStore',
              endpoint: 'http://127.0.0.1:9000',
              accessKeyId: 'AKIA-EXAMPLE',
              secretAccessKey: 'example-secret',
            },
            { name: 'workers', url: 'https://git.example.com/org/state' },
          ],
        },
      ],
    });
    expect(config.platforms[0].stateStores).toEqual([
      {
        name: 'minio',
        kind: 'BucketStateStore',
        endpoint: 'http://127.0.0.1:9000',
        accessKeyId: 'AKIA-EXAMPLE',
        secretAccessKey: 'example-secret',
      },
      { name: 'workers', url: 'https://git.example.com/org/state' },
    ]);
  });

  it('names a bad state store entry without repeating its secret', () => {
    const bad = () =>
      read({
        platforms: [
          {
            name: 'prod',
            repository: { path: '/srv/platform' },
            stateStores: [{ name: 'minio', secretAccessKey: 'example-secret' }],
          },
        ],
      });
    expect(bad).toThrow(
      'Invalid Kratix configuration at kratix.platforms[0].stateStores[0]: set both accessKeyId and secretAccessKey, or neither',
    );
    expect(bad).not.toThrow(/example-secret/);
  });

  it('gives each platform its own admins plus the admins of every platform', () => {
    const config = read({
      admins: ['group:default/sre'],
      platforms: [
        {
          name: 'prod',
          admins: ['group:default/platform-team', 'user:ops/Ann'],
          repository: { path: '/srv/prod' },
        },
        { name: 'dev', repository: { path: '/srv/dev' } },
      ],
    });
    expect(config.platforms.map(p => [p.name, p.admins])).toEqual([
      [
        'prod',
        ['group:default/sre', 'group:default/platform-team', 'user:ops/ann'],
      ],
      ['dev', ['group:default/sre']],
    ]);
  });

  it("keeps the embedded platform's admins to the embedded platform", () => {
    const config = readKratixConfig(
      new ConfigReader({
        kratix: { embedded: { admins: ['user:development/guest'] } },
      }),
    );
    expect(config.embedded?.admins).toEqual(['user:development/guest']);
  });

  it('refuses an admin that is not a user or group ref, naming the key', () => {
    expect(() =>
      read({
        platforms: [
          {
            name: 'prod',
            admins: ['component:default/x'],
            repository: { path: '/p' },
          },
        ],
      }),
    ).toThrow('Invalid Kratix configuration at kratix.platforms[0].admins[0]');
    expect(() => read({ admins: ['platform team'] })).toThrow(
      'at kratix.admins[0]',
    );
  });

  it('reads kubernetes and hybrid platforms with each way to reach the cluster', () => {
    const config = read({
      platforms: [
        {
          name: 'a',
          mode: 'kubernetes',
          cluster: {
            url: 'https://k8s.example:6443',
            caData: 'Q0E=',
            token: 't',
          },
        },
        {
          name: 'b',
          mode: 'kubernetes',
          cluster: {
            kubeconfig: { path: '/etc/kube/config', context: 'platform' },
          },
        },
        {
          name: 'c',
          mode: 'hybrid',
          cluster: { inCluster: true },
          repository: { path: '/srv/requests' },
        },
      ],
    });
    expect(config.platforms.map(p => p.cluster)).toEqual([
      {
        actAsUser: false,
        type: 'url',
        url: 'https://k8s.example:6443',
        caData: 'Q0E=',
        token: 't',
        skipTLSVerify: false,
      },
      {
        actAsUser: false,
        type: 'kubeconfig',
        path: '/etc/kube/config',
        context: 'platform',
      },
      { actAsUser: false, type: 'inCluster' },
    ]);
    expect(config.platforms[0].repository).toBeUndefined();
    expect(config.platforms[2].repository?.path).toBe('/srv/requests');
  });

  it('names the auth provider of a platform that acts as the user, oidc by default', () => {
    const config = read({
      platforms: [
        {
          name: 'a',
          mode: 'kubernetes',
          cluster: { inCluster: true, actAsUser: true },
        },
        {
          name: 'b',
          mode: 'kubernetes',
          cluster: {
            inCluster: true,
            actAsUser: true,
            userAuthProvider: 'google',
          },
        },
        { name: 'c', mode: 'kubernetes', cluster: { inCluster: true } },
      ],
    });
    expect(config.platforms.map(p => p.cluster?.userAuthProvider)).toEqual([
      'oidc',
      'google',
      undefined,
    ]);
    expect(() =>
      read({
        platforms: [
          {
            name: 'a',
            mode: 'kubernetes',
            cluster: { inCluster: true, userAuthProvider: 'google' },
          },
        ],
      }),
    ).toThrow(
      'Invalid Kratix configuration at kratix.platforms[0].cluster.userAuthProvider: only platforms with actAsUser: true',
    );
    expect(() =>
      read({
        platforms: [
          {
            name: 'a',
            mode: 'kubernetes',
            cluster: {
              inCluster: true,
              actAsUser: true,
              userAuthProvider: 'core.auth.oidc',
            },
          },
        ],
      }),
    ).toThrow(
      'at kratix.platforms[0].cluster.userAuthProvider: "core.auth.oidc" must be the id of a Backstage auth provider',
    );
    expect(() =>
      read({
        platforms: [
          {
            name: 'a',
            mode: 'kubernetes',
            cluster: {
              inCluster: true,
              actAsUser: true,
              userAuthProvidr: 'google',
            },
          },
        ],
      }),
    ).toThrow('did you mean kratix.platforms[0].cluster.userAuthProvider?');
  });

  it('clones a remote repository into the work folder', () => {
    const config = read({
      platforms: [
        {
          name: 'prod',
          mode: 'hybrid',
          cluster: { inCluster: true },
          repository: {
            url: 'https://github.com/easyeaty/requests',
            pullRequests: true,
          },
        },
      ],
    });
    expect(config.platforms[0].repository).toEqual(
      expect.objectContaining({
        url: 'https://github.com/easyeaty/requests',
        branch: 'main',
        pullRequests: true,
        path: expect.stringMatching(/repositories\/prod$/),
      }),
    );
  });

  it.each([
    [
      { platforms: [{ repository: { path: '/x' } }] },
      'kratix.platforms[0].name',
    ],
    [
      { platforms: [{ name: 'Bad_Name', repository: { path: '/x' } }] },
      'kratix.platforms[0].name',
    ],
    [
      { platforms: [{ name: 'a', mode: 'magic', repository: { path: '/x' } }] },
      'kratix.platforms[0].mode',
    ],
    [
      { platforms: [{ name: 'a', mode: 'kubernetes' }] },
      'kratix.platforms[0].cluster',
    ],
    [
      {
        platforms: [
          { name: 'a', mode: 'kubernetes', cluster: { url: 'k8s:6443' } },
        ],
      },
      'kratix.platforms[0].cluster.url',
    ],
    [
      {
        platforms: [
          {
            name: 'a',
            mode: 'kubernetes',
            cluster: { url: 'https://a', inCluster: true },
          },
        ],
      },
      'kratix.platforms[0].cluster',
    ],
    [
      {
        platforms: [
          {
            name: 'a',
            mode: 'kubernetes',
            cluster: { kubeconfig: { context: 'x' } },
          },
        ],
      },
      'kratix.platforms[0].cluster.kubeconfig.path',
    ],
    [
      {
        platforms: [
          { name: 'a', mode: 'hybrid', cluster: { inCluster: true } },
        ],
      },
      'kratix.platforms[0].repository.path',
    ],
    [{ platforms: [{ name: 'a' }] }, 'kratix.platforms[0].repository.path'],
    [
      {
        platforms: [
          { name: 'a', repository: { path: '/x' } },
          { name: 'a', repository: { path: '/y' } },
        ],
      },
      'kratix.platforms[1].name',
    ],
    [{ marketplace: { indexUrl: 'ftp://x' } }, 'kratix.marketplace.indexUrl'],
    [
      { platforms: [{ name: 'a', repository: { url: 'ssh://git@x/y' } }] },
      'kratix.platforms[0].repository.url',
    ],
    [
      {
        platforms: [
          { name: 'a', repository: { path: '/x', pullRequests: true } },
        ],
      },
      'kratix.platforms[0].repository.pullRequests',
    ],
    [
      {
        platforms: [
          {
            name: 'a',
            repository: { path: '/x' },
            stateStores: [{ name: 's', kind: 'S3StateStore' }],
          },
        ],
      },
      'kratix.platforms[0].stateStores[0].kind',
    ],
    [
      {
        platforms: [
          {
            name: 'a',
            repository: { path: '/x' },
            stateStores: [{ name: 's' }, { name: 's', kind: 'GitStateStore' }],
          },
        ],
      },
      'kratix.platforms[0].stateStores[1].name',
    ],
    [
      {
        platforms: [
          {
            name: 'a',
            repository: { path: '/x' },
            stateStores: [{ name: 's', url: 'git@github.com:org/state.git' }],
          },
        ],
      },
      'kratix.platforms[0].stateStores[0].url',
    ],
    [
      {
        platforms: [
          {
            name: 'a',
            repository: { path: '/x' },
            stateStores: [{ name: 's', endpoint: 'ftp://minio:9000' }],
          },
        ],
      },
      'kratix.platforms[0].stateStores[0].endpoint',
    ],
  ])('names the key of a bad setting (%#)', (kratix, key) => {
    expect(() => read(kratix)).toThrow(
      `Invalid Kratix configuration at ${key}:`,
    );
  });

  describe('credentials in a URL', () => {
    const TOKEN = 'ghp_url0credential0never0kept';
    const readWith = (kratix: any, integrations: any = {}) =>
      readKratixConfig(new ConfigReader({ kratix, integrations }));
    const refusal = (kratix: any, integrations?: any) => {
      try {
        readWith(kratix, integrations);
      } catch (e) {
        return (e as Error).message;
      }
      throw new Error('the config was accepted');
    };

    it.each([
      [
        'a GitHub remote',
        `https://x-access-token:${TOKEN}@github.com/org/platform.git`,
        {},
        'integrations.github[].token (or a GitHub App under integrations.github[].apps) for github.com',
      ],
      [
        'a remote with a GitLab integration',
        `https://oauth2:${encodeURIComponent(
          TOKEN,
        )}@git.internal:8443/platform.git`,
        {
          gitlab: [
            {
              host: 'git.internal:8443',
              apiBaseUrl: 'https://git.internal:8443/api/v4',
              token: 'other',
            },
          ],
        },
        'integrations.gitlab[].token for git.internal:8443',
      ],
      [
        'a token as the user name',
        `https://${TOKEN}@git.example.com/platform.git`,
        {},
        'the token of an integration for git.example.com: integrations.github[].token',
      ],
    ])(
      'refuses %s at start, naming the integration setting and never the token',
      (_name, url, integrations, setting) => {
        for (const [kratix, key] of [
          [
            { platforms: [{ name: 'a', repository: { url } }] },
            'kratix.platforms[0].repository.url',
          ],
          [
            {
              platforms: [
                {
                  name: 'a',
                  repository: { path: '/x' },
                  stateStores: [{ name: 's', url }],
                },
              ],
            },
            'kratix.platforms[0].stateStores[0].url',
          ],
        ] as const) {
          const message = refusal(kratix, integrations);
          expect(message).toContain(`Invalid Kratix configuration at ${key}:`);
          expect(message).toContain(setting);
          expect(message).toContain('***@');
          expect(message).not.toContain(TOKEN);
          expect(message).not.toContain(encodeURIComponent(TOKEN));
        }
      },
    );

    it('refuses credentials in the cluster URL and a bucket endpoint, naming the keys for them', () => {
      const cluster = refusal({
        platforms: [
          {
            name: 'a',
            mode: 'kubernetes',
            cluster: { url: `https://admin:${TOKEN}@k8s.example.com:6443` },
          },
        ],
      });
      expect(cluster).toContain('kratix.platforms[0].cluster.url');
      expect(cluster).toContain('kratix.platforms[0].cluster.token');
      expect(cluster).not.toContain(TOKEN);
      const bucket = refusal({
        platforms: [
          {
            name: 'a',
            repository: { path: '/x' },
            stateStores: [
              { name: 's', endpoint: `https://AKID:${TOKEN}@minio:9000` },
            ],
          },
        ],
      });
      expect(bucket).toContain('kratix.platforms[0].stateStores[0].endpoint');
      expect(bucket).toContain('accessKeyId and secretAccessKey');
      expect(bucket).not.toContain(TOKEN);
    });

    it('quotes no user info when refusing a URL for its scheme', () => {
      const message = refusal({
        platforms: [
          { name: 'a', repository: { url: `ssh://git:${TOKEN}@host/p.git` } },
        ],
      });
      expect(message).toContain('"ssh://***@host/p.git" must be an https');
    });

    it('accepts the same remotes without user info', () => {
      const config = readWith(
        {
          platforms: [
            {
              name: 'a',
              repository: { url: 'https://github.com/org/platform.git' },
              stateStores: [
                { name: 's', url: 'https://git.internal:8443/state.git' },
              ],
            },
          ],
        },
        {
          gitlab: [
            {
              host: 'git.internal:8443',
              apiBaseUrl: 'https://git.internal:8443/api/v4',
              token: TOKEN,
            },
          ],
        },
      );
      expect(config.platforms[0].repository?.url).toBe(
        'https://github.com/org/platform.git',
      );
    });
  });
});
