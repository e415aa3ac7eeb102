// A key that reads unambiguously after a dot; anything else (dots, slashes, digits first) is bracketed.
const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/**
 * Appends an object key or array index to a dotted field path:
 * `spec` + `size` → `spec.size`, + `0` → `spec[0]`, + `app.kubernetes.io/name` → `spec["app.kubernetes.io/name"]`.
 * @internal
 */
export function appendFieldPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return PLAIN_KEY.test(key)
    ? `${path}.${key}`
    : `${path}[${JSON.stringify(key)}]`;
}

/**
 * Shows a user-supplied value inside a message: JSON-quoted so control characters and line
 * breaks stay visible, and shortened so a huge value cannot flood the message.
 * @internal
 */
export function quoteValue(value: unknown, maxLength = 70): string {
  if (typeof value === 'string') {
    return JSON.stringify(
      value.length > maxLength ? `${value.slice(0, maxLength)}…` : value,
    );
  }
  if (value === null || typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return typeof value;
}
