import { HttpResponse } from 'msw';
import { groupKind, groupResource, Served } from './model';
import type { FieldError } from './validation';

/** A `Status` body of a failure, as the API server answers one. */
export function status(
  code: number,
  reason: string,
  message: string,
  details?: object,
): Response {
  return HttpResponse.json(
    {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message,
      reason,
      ...(details && { details }),
      code,
    },
    { status: code },
  );
}

/** The `reason` Kubernetes gives each HTTP status. */
export const REASONS: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  409: 'Conflict',
  410: 'Expired',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

/** A path the server does not serve at all (no such group, version, kind or subresource). */
export const NOT_FOUND_PAGE = () =>
  status(404, 'NotFound', 'the server could not find the requested resource', {
    causes: [
      { reason: 'UnexpectedServerResponse', message: '404 page not found' },
    ],
  });

export const METHOD_NOT_ALLOWED = () =>
  status(
    405,
    'MethodNotAllowed',
    'the server does not allow this method on the requested resource',
  );

/** 404 for a named object that does not exist. */
export const notFound = (resource: Served, name: string | undefined) =>
  status(404, 'NotFound', `${groupResource(resource)} "${name}" not found`, {
    name,
    group: resource.group,
    kind: resource.plural,
  });

/** 422 listing field errors, as Kubernetes' NewInvalid formats them. */
export function invalidObject(
  resource: Served,
  name: string,
  errors: FieldError[],
): Response {
  const text = errors.map(e => `${e.field}: ${e.message}`);
  return status(
    422,
    'Invalid',
    `${groupKind(resource)} "${name}" is invalid: ${
      text.length === 1 ? text[0] : `[${text.join(', ')}]`
    }`,
    {
      name,
      group: resource.group,
      kind: resource.kind,
      causes: errors.map(e => ({
        reason: e.reason,
        message: e.message,
        field: e.field,
      })),
    },
  );
}

/** 409 for a failed precondition (resourceVersion or uid). */
export function conflict(
  resource: Served,
  name: string,
  what = 'resourceVersion',
): Response {
  return status(
    409,
    'Conflict',
    what === 'uid'
      ? `Precondition failed: UID in precondition does not match the UID in record. The object might have been deleted and then recreated`
      : `Operation cannot be fulfilled on ${groupResource(
          resource,
        )} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    { name, group: resource.group, kind: resource.plural },
  );
}
