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
       * (Optional) How the platform is read and written. Default `gitops`. This version
       * supports `gitops`; `kubernetes` and `hybrid` need the platform cluster client.
       */
      mode?: 'kubernetes' | 'hybrid' | 'gitops';
      /** (Required for gitops) The platform repository. */
      repository?: {
        /** (Required) Local path of the repository's working tree. */
        path: string;
        /** (Optional) Folder that declares Promises, clusters and requests. Default `.`. */
        platformPath?: string;
        /** (Optional) Folders of the state store's documents. Default `['state']`. */
        stateStorePaths?: string[];
      };
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
    };
    /**
     * (Optional) Entity refs (users or groups) allowed to install Promises, register clusters
     * and manage any team's request, under the suite's permission policy.
     */
    admins?: string[];
  };
}
