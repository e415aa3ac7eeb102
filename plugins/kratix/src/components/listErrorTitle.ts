import { kratixReadPermission } from '@kratix-backstage/plugin-kratix-common';

/**
 * The sentence over a failed list: what failed and the two things a reader can check, the
 * backend and the permission every Kratix read needs.
 */
export function listErrorTitle(what: string): string {
  return (
    `Could not list ${what}. Check that the Kratix backend plugin is installed and running, ` +
    `and that your permission policy allows ${kratixReadPermission.name}.`
  );
}
