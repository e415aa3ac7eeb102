/**
 * Orders two Promise versions (the `kratix.io/promise-version` label, e.g. `v1.2.0`):
 * negative when `a` is older, positive when newer, 0 when equal. Versions read as semver with
 * an optional leading `v` and missing parts as 0 (`v1.2` = `v1.2.0`); a pre-release
 * (`v1.0.0-beta.2`) is older than its release. Returns undefined when either is not such a
 * version, because then nobody can say which is newer.
 * @public
 */
export function comparePromiseVersions(
  a: string,
  b: string,
): number | undefined {
  const left = parseVersion(a);
  const right = parseVersion(b);
  if (!left || !right) return undefined;
  for (let i = 0; i < 3; i++) {
    if (left.core[i] !== right.core[i]) return left.core[i] - right.core[i];
  }
  return comparePreRelease(left.pre, right.pre);
}

/**
 * The version to offer as an upgrade: `available` when it is newer than `installed`, else
 * undefined (not installed, the same or an older version, or versions that cannot be ordered).
 * @public
 */
export function newerPromiseVersion(
  available: string | undefined,
  installed: string | undefined,
): string | undefined {
  if (!available || !installed) return undefined;
  const order = comparePromiseVersions(available, installed);
  return order !== undefined && order > 0 ? available : undefined;
}

function parseVersion(
  text: string,
): { core: number[]; pre: string[] } | undefined {
  const match =
    /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(
      text.trim(),
    );
  if (!match) return undefined;
  return {
    core: [match[1], match[2], match[3]].map(n => Number(n ?? 0)),
    pre: match[4] ? match[4].split('.') : [],
  };
}

/** Semver's pre-release order: none beats any; identifiers compare numerically, then as text. */
function comparePreRelease(a: string[], b: string[]): number {
  if (a.length === 0 || b.length === 0) return b.length - a.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] === undefined) return -1;
    if (b[i] === undefined) return 1;
    if (a[i] === b[i]) continue;
    const numA = /^\d+$/.test(a[i]);
    const numB = /^\d+$/.test(b[i]);
    if (numA && numB) return Number(a[i]) - Number(b[i]);
    if (numA !== numB) return numA ? -1 : 1;
    return a[i] < b[i] ? -1 : 1;
  }
  return 0;
}
