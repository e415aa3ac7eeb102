/** A problem with one field of a request, named by its path (e.g. `spec.size`). @public */
export interface FieldError {
  field: string;
  message: string;
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Checks a request name or namespace against Kubernetes' DNS-1123 label rule (at most 63
 * lower-case alphanumerics or '-', starting and ending alphanumeric). The rule already
 * excludes `../`, `/`, YAML separators and template syntax; the messages say so plainly.
 * @public
 */
export function checkDns1123Label(field: string, value: unknown): FieldError[] {
  if (typeof value !== 'string' || value.length === 0) {
    return [{ field, message: `${field} is required` }];
  }
  const errors: FieldError[] = [];
  if (value.length > 63) {
    errors.push({ field, message: `${field} must be no more than 63 characters (it has ${value.length})` });
  }
  if (!DNS1123_LABEL.test(value)) {
    errors.push({
      field,
      message: `${field} "${value.length > 80 ? `${value.slice(0, 80)}…` : value}" must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character`,
    });
  }
  return errors;
}

const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

/** Checks a label value (empty, or at most 63 characters of [-A-Za-z0-9_.] framed alphanumerically). @public */
export function checkLabelValue(field: string, value: string): FieldError[] {
  if (value.length > 63) return [{ field, message: `${field} must be no more than 63 characters` }];
  if (!LABEL_VALUE.test(value)) {
    return [{ field, message: `${field} must be empty or alphanumerics, '-', '_' or '.', starting and ending alphanumeric` }];
  }
  return [];
}
