import { appendFieldPath, quoteValue } from './fieldPath';
import { ValidationError } from './validationResult';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

/** Longest DNS-1123 label (request names, namespaces, label values and key names). @public */
export const DNS1123_LABEL_MAX_LENGTH = 63;
/** Longest DNS-1123 subdomain (CRD names, label key prefixes). @public */
export const DNS1123_SUBDOMAIN_MAX_LENGTH = 253;

interface NameRule {
  pattern: RegExp;
  maxLength: number;
  /** What the value must look like, phrased to follow `<field> "<value>"`. */
  shape: string;
  allowEmpty: boolean;
}

const LABEL_RULE: NameRule = {
  pattern: DNS1123_LABEL,
  maxLength: DNS1123_LABEL_MAX_LENGTH,
  shape:
    "must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
  allowEmpty: false,
};

const SUBDOMAIN_RULE: NameRule = {
  pattern: DNS1123_SUBDOMAIN,
  maxLength: DNS1123_SUBDOMAIN_MAX_LENGTH,
  shape:
    "must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
  allowEmpty: false,
};

const LABEL_VALUE_RULE: NameRule = {
  pattern: LABEL_VALUE,
  maxLength: DNS1123_LABEL_MAX_LENGTH,
  shape:
    "must be empty or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
  allowEmpty: true,
};

// The name part of a label or annotation key: a label value that may not be empty.
const QUALIFIED_NAME_RULE: NameRule = {
  ...LABEL_VALUE_RULE,
  shape:
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
  allowEmpty: false,
};

/**
 * Names end up in file paths (state-store layout) and YAML documents, so values that would
 * be dangerous there get a plain reason on top of the rule they break. The regular
 * expressions already reject all of them; this only makes the message explicit.
 */
function hazardOf(value: string): string | undefined {
  if (value.startsWith('/')) return 'it looks like an absolute path';
  if (value.includes('..') && /[/\\]/.test(value))
    return 'it looks like a relative path that leaves its directory';
  if (/[/\\]/.test(value)) return 'path separators are not allowed';
  if (value === '..' || value === '.') return 'it is a relative path';
  if (/^(---|\.\.\.)(\s|$)/.test(value))
    return 'it is a YAML document separator';
  if (/\s/.test(value)) return 'whitespace and line breaks are not allowed';
  return undefined;
}

function checkName(
  rule: NameRule,
  field: string,
  value: unknown,
  subject = field,
): ValidationError[] {
  if (
    value === undefined ||
    value === null ||
    (value === '' && !rule.allowEmpty)
  ) {
    return [{ field, message: `${subject} is required`, keyword: 'required' }];
  }
  if (typeof value !== 'string') {
    return [
      {
        field,
        message: `${subject} must be a string (got ${quoteValue(value)})`,
        keyword: 'type',
      },
    ];
  }
  const errors: ValidationError[] = [];
  if (value.length > rule.maxLength) {
    errors.push({
      field,
      message: `${subject} must be no more than ${rule.maxLength} characters (it has ${value.length})`,
      keyword: 'maxLength',
    });
  }
  if (!rule.pattern.test(value)) {
    const hazard = hazardOf(value);
    errors.push({
      field,
      message: `${subject} ${quoteValue(value)} ${rule.shape}${
        hazard ? ` (${hazard})` : ''
      }`,
      keyword: 'pattern',
    });
  }
  return errors;
}

function checkQualifiedName(
  field: string,
  subject: string,
  value: unknown,
): ValidationError[] {
  if (typeof value !== 'string')
    return checkName(QUALIFIED_NAME_RULE, field, value, subject);
  const parts = value.split('/');
  if (parts.length > 2) {
    return [
      {
        field,
        message: `${subject} ${quoteValue(
          value,
        )} must be a name with an optional DNS subdomain prefix and '/' (e.g. "example.com/my-name")`,
        keyword: 'pattern',
      },
    ];
  }
  const [prefix, name] = parts.length === 2 ? parts : [undefined, parts[0]];
  const errors: ValidationError[] = [];
  if (prefix !== undefined) {
    errors.push(
      ...checkName(SUBDOMAIN_RULE, field, prefix, `${subject} prefix`),
    );
  }
  errors.push(
    ...checkName(
      QUALIFIED_NAME_RULE,
      field,
      name,
      prefix === undefined ? subject : `${subject} name part`,
    ),
  );
  return errors;
}

/**
 * Checks a DNS-1123 label (request names, namespaces): at most 63 lower-case alphanumerics
 * or '-', starting and ending alphanumeric.
 * @public
 */
export function validateDns1123Label(
  field: string,
  value: unknown,
): ValidationError[] {
  return checkName(LABEL_RULE, field, value);
}

/** Checks a DNS-1123 subdomain: at most 253 characters of dot-separated DNS-1123 labels. @public */
export function validateDns1123Subdomain(
  field: string,
  value: unknown,
): ValidationError[] {
  return checkName(SUBDOMAIN_RULE, field, value);
}

/** Checks a label value: empty, or at most 63 alphanumerics, '-', '_' or '.', framed alphanumerically. @public */
export function validateLabelValue(
  field: string,
  value: unknown,
): ValidationError[] {
  return checkName(LABEL_VALUE_RULE, field, value);
}

/**
 * Checks a label or annotation key: an optional DNS-1123 subdomain prefix and '/', then a
 * name of at most 63 alphanumerics, '-', '_' or '.', framed alphanumerically.
 * @public
 */
export function validateQualifiedName(
  field: string,
  value: unknown,
): ValidationError[] {
  return checkQualifiedName(field, field, value);
}

/** Checks a labels map: an object whose keys are qualified names and whose values are label values. @public */
export function validateLabels(
  field: string,
  labels: unknown,
): ValidationError[] {
  if (labels === undefined || labels === null) return [];
  if (typeof labels !== 'object' || Array.isArray(labels)) {
    return [
      {
        field,
        message: `${field} must be a map of strings (got ${quoteValue(
          labels,
        )})`,
        keyword: 'type',
      },
    ];
  }
  return Object.entries(labels).flatMap(([key, value]) => [
    ...checkQualifiedName(appendFieldPath(field, key), `${field} key`, key),
    ...validateLabelValue(appendFieldPath(field, key), value),
  ]);
}

/** Whether a value is a valid DNS-1123 label, for quick guards. @public */
export function isDns1123Label(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length <= DNS1123_LABEL_MAX_LENGTH &&
    DNS1123_LABEL.test(value)
  );
}
