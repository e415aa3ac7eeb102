/**
 * Normalises a destination-selectors.yaml directory the way Go's `filepath.Clean` does for
 * Kratix, so `""`, `"."` and `"./"` all mean the default group and `"foo/"` means `"foo"`.
 * @public
 */
export function cleanDirectory(directory: string | undefined): string {
  const path = directory ?? '';
  const rooted = path.startsWith('/');
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part !== '..') parts.push(part);
    else if (parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
    // `..` cannot climb above the root, but a relative path keeps it.
    else if (!rooted) parts.push('..');
  }
  const joined = parts.join('/');
  if (rooted) return `/${joined}`;
  return joined === '' ? '.' : joined;
}

/** The directory Kratix uses for the default workload group. @public */
export const DEFAULT_WORKLOAD_GROUP_DIRECTORY = '.';
