/**
 * What the API and every page say when the backend has no Kratix platform: the fix, as the
 * configuration to add.
 * @public
 */
export const KRATIX_NOT_CONFIGURED_MESSAGE = [
  'No Kratix platform configured. Add one to app-config.yaml, for example:',
  '',
  'kratix:',
  '  platforms:',
  '    - name: prod',
  '      mode: kubernetes          # or gitops (a platform repository) or hybrid',
  '      admins: [group:default/platform-team]',
  '      cluster:',
  '        url: https://platform.example.com:6443',
  '        token: ${KRATIX_CLUSTER_TOKEN}',
  '',
  'or try the embedded EasyEaty demo platform (no cluster needed) with:',
  '',
  'kratix:',
  '  embedded: {}',
].join('\n');
