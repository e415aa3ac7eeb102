export interface Config {
  /** Configuration of the Kratix for Backstage suite. */
  kratix?: {
    /**
     * (Optional) The Kratix platforms this backend serves. When absent or empty, the backend
     * serves the embedded default: a gitops platform on a local git repository seeded with
     * the EasyEaty platform.
     */
    platforms?: Array<{
      /** (Required) Unique name: lower-case letters, digits and '-', at most 63 characters. */
      name: string;
      /** (Optional) Title shown on pages. Defaults to the name. */
      title?: string;
      /**
       * (Optional) Entity refs (users or groups) who administer this platform: install
       * Promises, register clusters, manage and re-own any team's request, read any pipeline's
       * logs. Added to `kratix.admins`. Default: none.
       */
      admins?: string[];
      /**
       * (Optional) How the platform is read and written. Default `gitops`.
       * `kubernetes`: read the cluster's API (watch cache), write requests through it.
       * `hybrid`: read the cluster's API, write requests as commits to the repository.
       * `gitops`: read and write the platform repository.
       */
      mode?: 'kubernetes' | 'hybrid' | 'gitops';
      /** (Required for kubernetes and hybrid) The platform cluster; set exactly one way. */
      cluster?: {
        /**
         * The API server's URL, e.g. https://platform.example.com:6443. Without credentials
         * (a URL with `user:password@` is refused at start): the token goes in `token`.
         */
        url?: string;
        /**
         * Base64 PEM of the API server's CA.
         * @visibility secret
         */
        caData?: string;
        /**
         * A service-account token with read access to Kratix's kinds.
         * @visibility secret
         */
        token?: string;
        /** (Optional) Skip TLS verification (development only). Default false. */
        skipTLSVerify?: boolean;
        /** A kubeconfig file and, optionally, the context to use. */
        kubeconfig?: {
          /** Path of the kubeconfig file. */
          path: string;
          /** (Optional) Context. Default: the file's current context. */
          context?: string;
        };
        /** Use the pod's own service account (the backend runs in the platform cluster). */
        inCluster?: boolean;
        /**
         * (Optional) Write requests and manage actions as the signed-in user, with the cluster
         * token the frontend sends in `X-Kratix-Cluster-Authorization` (for example an OIDC ID
         * token from Backstage's auth), so the cluster's RBAC decides. Reads stay on the
         * service account's watch caches. Default false.
         */
        actAsUser?: boolean;
        /**
         * (Optional, with actAsUser) The Backstage auth provider whose token the cluster accepts
         * for the signed-in user: `google`, `microsoft`, `okta` or `onelogin` (their OIDC ID
         * token), `gitlab` (its access token), or `oidc` (the app's own auth API with id
         * `core.auth.oidc`). The frontend's `KratixClusterCredentials` template field and its
         * manage actions get the token from it (it learns the name from `GET /api/kratix/platforms`).
         * Default `oidc`.
         */
        userAuthProvider?: string;
      };
      /** (Required for gitops and hybrid) The repository requests are committed to. */
      repository?: {
        /**
         * Local path of the working tree; for a `url`, where it is cloned (default
         * `<embedded.dataDir>/repositories/<platform>`). One of path or url is required.
         */
        path?: string;
        /**
         * (Optional) Remote to clone, pull and push (https, or a file path). Credentials
         * come from the matching `integrations` entry (e.g. `integrations.github[].token` or
         * a GitHub App, `integrations.gitlab[].token`), handed to git in its environment. A
         * URL with credentials in it (`https://x-access-token:<token>@host/…`) is refused at
         * start: git would keep them on its command lines and in the clone's `.git/config`.
         */
        url?: string;
        /** (Optional) Branch requests land on. Default `main`. */
        branch?: string;
        /** (Optional) Propose requests as GitHub pull requests instead of pushing. Default false. */
        pullRequests?: boolean;
        /** (Optional) Folder that declares Promises, clusters and requests (gitops). Default `.`. */
        platformPath?: string;
        /** (Optional) Folder of request documents. Default `requests`. */
        requestsPath?: string;
        /**
         * (Optional) Folders of the state stores' documents in the repository (not read as
         * declarations). A store is read here when it is a GitStateStore with no `spec.url`,
         * a relative one (`file://./`) or this repository's own URL and branch, or when no
         * `stateStores` entry names it and its files are here (some file under
         * `<spec.path>/<Destination path>` of one of its Destinations). Any other store is
         * read from where it lives: see `stateStores`. Default `['state']`.
         */
        stateStorePaths?: string[];
        /**
         * (Optional, gitops) Seconds a request's pipeline is awaited after the request
         * changed. Kratix commits nothing when a pipeline's documents did not change, so once
         * this time has passed with no new documents, the documents in the state store are
         * taken as the request's current output (Ready, `StateStoreDocumentsUnchanged`)
         * instead of awaited forever. From 0 to 86400. Default 600.
         */
        pipelineSettleSeconds?: number;
        /**
         * (Optional, gitops) Seconds `kratix.io/manual-reconciliation` stays in git after
         * "Reconcile now" committed it. Kratix removes the label from the cluster object once
         * it has re-run the pipelines, but not from git, so the GitOps tool applying the
         * repository (Flux, Argo CD) would put it back on every sync and Kratix would re-run
         * them every sync interval. Once the label has been in git this long, the suite
         * commits its removal (checked at most every 30 s while the platform is watched; a
         * label set to anything but "true" is left alone). Make it longer than the GitOps
         * tool's sync interval, or the label may leave git before it was ever applied. With
         * `pullRequests` nothing is pushed to the branch: a warning says the label must be
         * removed by merging a change. From 1 to 86400. Default 600.
         */
        reconcileLabelSeconds?: number;
      };
      /**
       * (Optional, gitops) How the suite reaches state stores that do not live in the platform
       * repository, by the name of the GitStateStore or BucketStateStore. A GitStateStore
       * elsewhere is cloned from its own `spec.url` and `spec.branch` (default `main`;
       * credentials from the matching `integrations` entry) and fetched at most every 5 s; a
       * BucketStateStore is read with an S3 client, with the credentials given here, as Kratix
       * reads them from the store's `secretRef` Secret, which gitops mode has no cluster to
       * read. A store named here is always read from its own place, even when a copy of its
       * files is in the repository's `stateStorePaths` (unless its URL is the platform
       * repository's). A store that cannot be read is named in the platform's health
       * (`state-store-unreadable`), never shown as empty. Default: none.
       */
      stateStores?: Array<{
        /** (Required) `metadata.name` of the state store. */
        name: string;
        /** (Optional) `GitStateStore` or `BucketStateStore`. Default: the store of either kind with that name. */
        kind?: 'GitStateStore' | 'BucketStateStore';
        /**
         * (Optional, GitStateStore) Clone this URL instead of `spec.url` (e.g. when Kratix
         * reaches the repository at a cluster-internal address). https, or a file URL or path;
         * credentials from the matching `integrations` entry, never in the URL (refused at start).
         */
        url?: string;
        /**
         * (Optional, BucketStateStore) Reach the bucket here instead of `spec.endpoint`:
         * `host:port` (https unless the store's `spec.insecure`), or an http(s) URL without
         * credentials in it (refused at start: set `accessKeyId` and `secretAccessKey`).
         */
        endpoint?: string;
        /** (Optional, BucketStateStore) Region the bucket is signed for. Default: read from an Amazon S3 endpoint, else `us-east-1`. */
        region?: string;
        /**
         * (BucketStateStore with authMethod accessKey) The key Kratix reads as `accessKeyID`
         * from the store's Secret.
         * @visibility secret
         */
        accessKeyId?: string;
        /**
         * (BucketStateStore with authMethod accessKey) The key Kratix reads as
         * `secretAccessKey` from the store's Secret.
         * @visibility secret
         */
        secretAccessKey?: string;
      }>;
    }>;
    /** (Optional) The embedded default platform. */
    embedded?: {
      /** (Optional) Platform name. Default `easyeaty`. */
      name?: string;
      /** (Optional) Platform title. Default `EasyEaty (embedded)`. */
      title?: string;
      /**
       * (Optional) Folder holding the embedded repository, relative to the backend's working
       * directory. Default `.kratix-data`.
       */
      dataDir?: string;
      /**
       * (Optional) Run a stand-in for Kratix on the embedded platform: it writes each new
       * request's documents to the state store (as Kratix would once a pipeline has run)
       * so the main path completes without a cluster. Default true.
       */
      standInKratix?: boolean;
      /**
       * (Optional) Seconds the stand-in's pipelines take before their documents land, from
       * 0 to 600. Default 1.5.
       */
      pipelineSeconds?: number;
      /**
       * (Optional) Entity refs who administer the embedded platform, added to
       * `kratix.admins`. This project's own demo app makes its guest user one; an adopter's
       * app names its platform team.
       */
      admins?: string[];
    };
    /** (Optional) The Promise marketplace. */
    marketplace?: {
      /**
       * (Optional) URL of a catalogue: a JSON array of {name, description, url, promiseUrl,
       * categories}. Default: the catalogue bundled with the suite.
       */
      indexUrl?: string;
      /**
       * (Optional) Hosts Promise documents and the catalogue may be fetched from; a leading
       * dot allows subdomains. Default `['raw.githubusercontent.com']`.
       */
      allowedHosts?: string[];
      /**
       * (Optional) Hosts among `allowedHosts` that may be fetched over plain http (an
       * internal mirror). Default: none; every other URL must be https.
       */
      insecureHosts?: string[];
    };
    /** (Optional) Live pages and notifications of request, Promise and platform changes. */
    notifications?: {
      /**
       * (Optional) Seconds a new request phase, Promise availability or platform health must
       * hold before lists show it and anyone is notified: Kratix statuses flap for a few
       * seconds, and a change that reverts within this window notifies no one. 0 settles at
       * once. Default 10.
       */
      settleSeconds?: number;
      /**
       * (Optional) Where notifications link to in the app: the backend cannot know where the
       * app mounts the catalog's entity page and the Kratix page. Each is a path in the app
       * (starting with /) or an http(s) URL.
       */
      links?: {
        /**
         * (Optional) A catalog entity's page, with `{namespace}`, `{kind}` and `{name}` (kind
         * and namespace in lower case, as the catalog's links have them). Default
         * `/catalog/{namespace}/{kind}/{name}`.
         */
        entity?: string;
        /** (Optional) The Kratix page. Default `/kratix`. */
        kratixPage?: string;
      };
    };
    /**
     * (Optional) Entity refs (users or groups) who administer every platform of this backend;
     * each platform's (and the embedded platform's) own `admins` add to these.
     */
    admins?: string[];
  };
}
