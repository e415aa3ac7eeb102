import type Ajv from 'ajv';
import addFormats from 'ajv-formats';

/**
 * The `format`s the Kubernetes API server checks in CRD schemas; it ignores every other
 * format, so the validator drops those too (see toAjvSchema) instead of rejecting values
 * the cluster would accept.
 * @internal
 */
export const KUBERNETES_CHECKED_FORMATS: ReadonlySet<string> = new Set([
  'bsonobjectid',
  'uri',
  'email',
  'hostname',
  'ipv4',
  'ipv6',
  'cidr',
  'mac',
  'uuid',
  'uuid3',
  'uuid4',
  'uuid5',
  'isbn',
  'isbn10',
  'isbn13',
  'creditcard',
  'ssn',
  'hexcolor',
  'rgbcolor',
  'byte',
  'password',
  'date',
  'duration',
  'datetime',
  'date-time',
]);

const UUID =
  '[0-9a-f]{8}-?[0-9a-f]{4}-?VER[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}';
const uuidOfVersion = (version: string) =>
  new RegExp(`^${UUID.replace('VER', version)}$`, 'i');
// RFC 3339 as Go's strfmt reads it: the time zone and fractional seconds are optional.
const DATE_TIME =
  /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}(:?\d{2})?)?$/;
// Go durations (`1h30m`, `1.5s`) plus the `d`/`w` units Kubernetes' strfmt adds.
const DURATION = /^[-+]?((\d+(\.\d*)?|\.\d+)\s*[A-Za-zµμ]+\s*)+$/;

// Kubernetes formats ajv-formats lacks, or defines more strictly than Go's strfmt does
// (uuid without hyphens, date-time without a zone, Go-style durations).
const KUBERNETES_ONLY_FORMATS: Record<string, RegExp | true> = {
  bsonobjectid: /^[0-9a-f]{24}$/i,
  uuid: uuidOfVersion('[0-9a-f]'),
  cidr: /^([0-9.]+\/\d{1,2}|[0-9a-f:.]+\/\d{1,3})$/i,
  mac: /^([0-9a-f]{2}([:-]))([0-9a-f]{2}\2){4,18}[0-9a-f]{2}$|^([0-9a-f]{4}\.){2,9}[0-9a-f]{4}$/i,
  uuid3: uuidOfVersion('3'),
  uuid4: uuidOfVersion('4'),
  uuid5: uuidOfVersion('5'),
  isbn: /^(\d[- ]?){9}[\dXx]$|^(\d[- ]?){12}\d$/,
  isbn10: /^(\d[- ]?){9}[\dXx]$/,
  isbn13: /^(\d[- ]?){12}\d$/,
  creditcard: /^\d[\d -]{11,22}\d$/,
  ssn: /^\d{3}[- ]?\d{2}[- ]?\d{4}$/,
  hexcolor: /^#([0-9a-f]{3}|[0-9a-f]{6})$/i,
  rgbcolor: /^rgb\(\s*\d{1,3}%?\s*,\s*\d{1,3}%?\s*,\s*\d{1,3}%?\s*\)$/,
  datetime: DATE_TIME,
  'date-time': DATE_TIME,
  duration: DURATION,
  // Kubernetes does not check these beyond the type.
  password: true,
};

/**
 * Registers every format Kubernetes checks on an ajv instance: ajv-formats where it agrees
 * with Go's strfmt closely enough, loose local checks elsewhere.
 * @internal
 */
export function addKubernetesFormats(ajv: Ajv): Ajv {
  addFormats(ajv, ['uri', 'email', 'hostname', 'ipv4', 'ipv6', 'byte', 'date']);
  for (const [name, format] of Object.entries(KUBERNETES_ONLY_FORMATS))
    ajv.addFormat(name, format);
  return ajv;
}
