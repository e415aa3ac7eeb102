/**
 * Where a request document lives in a requests repository:
 * `<base>/<promise>/<namespace>/<name>.yaml`, the layout the embedded platform and the
 * catalog's pending-request reader share.
 * @public
 */
export function requestDocumentPath(
  base: string,
  promise: string,
  namespace: string,
  name: string,
): string {
  for (const [field, value] of Object.entries({ promise, namespace, name })) {
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(value)) {
      throw new Error(`${field} "${value}" is not a valid Kubernetes name`);
    }
  }
  const prefix = base.replace(/^\.?\/+|\/+$/g, '');
  return [prefix, promise, namespace, `${name}.yaml`].filter(Boolean).join('/');
}
