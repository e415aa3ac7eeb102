import { InputError } from '@backstage/errors';

/** A single optional string query parameter; a repeated one is a 400 naming it. */
export function optionalString(
  value: unknown,
  field: string,
): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string')
    throw new InputError(
      `Query parameter ${field} must be given once, as a string`,
    );
  return value || undefined;
}

/** A positive integer query parameter with bounds, or its default. */
export function positiveInt(
  value: unknown,
  field: string,
  fallback: number,
  max: number,
): number {
  const text = optionalString(value, field);
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw new InputError(
      `Query parameter ${field} must be a whole number from 1 to ${max}`,
    );
  }
  return n;
}

/** Slices a list into the requested page. */
export function paginate<T>(items: T[], page: number, pageSize: number) {
  return {
    items: items.slice((page - 1) * pageSize, page * pageSize),
    totalCount: items.length,
    page,
    pageSize,
  };
}
