/** One requirement of a Kubernetes label selector. @public */
export type LabelRequirement =
  | { key: string; op: '=' | '!='; value: string }
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | '!exists' };

/**
 * Parses a Kubernetes label selector string (`a=b,c!=d,e,!f,g in (x,y),h notin (z)`).
 * Throws on syntax it cannot read, so a bad selector is a 400, not an empty list.
 * @public
 */
export function parseLabelSelector(
  selector: string | undefined,
): LabelRequirement[] {
  if (!selector || !selector.trim()) return [];
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts.map(raw => {
    const part = raw.trim();
    let m = /^([^\s!=,()]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(part);
    if (m)
      return {
        key: m[1],
        op: m[2] as 'in' | 'notin',
        values: m[3]
          .split(',')
          .map(v => v.trim())
          .filter(Boolean),
      };
    m = /^([^\s!=,()]+)\s*(==|=|!=)\s*([^\s,()=!]*)$/.exec(part);
    if (m) return { key: m[1], op: m[2] === '!=' ? '!=' : '=', value: m[3] };
    m = /^!\s*([^\s!=,()]+)$/.exec(part);
    if (m) return { key: m[1], op: '!exists' };
    m = /^([^\s!=,()]+)$/.exec(part);
    if (m) return { key: m[1], op: 'exists' };
    throw new Error(`Unable to parse label selector requirement "${part}"`);
  });
}

/** Whether labels satisfy every requirement of a parsed selector. @public */
export function matchesLabelSelector(
  labels: Record<string, string> | undefined,
  requirements: LabelRequirement[],
): boolean {
  const l = labels ?? {};
  return requirements.every(r => {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    switch (r.op) {
      case '=':
        return has && l[r.key] === r.value;
      case '!=':
        return !has || l[r.key] !== r.value;
      case 'in':
        return has && r.values.includes(l[r.key]);
      case 'notin':
        return !has || !r.values.includes(l[r.key]);
      case 'exists':
        return has;
      default:
        return !has;
    }
  });
}

/** Formats equality labels as a selector string, e.g. for `kratix.io/promise-name=redis`. @public */
export function formatLabelSelector(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}
