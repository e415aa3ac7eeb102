import { KRATIX_BACKSTAGE_KEYS } from '../annotations';
import { extractPromiseApi } from '../api';
import { KratixPromise } from '../model';
import { KratixPlatformInfo } from './types';

/** Annotations a Promise's author may describe it with, the suite's own first. */
const DESCRIPTION_ANNOTATIONS = [
  KRATIX_BACKSTAGE_KEYS.description,
  'backstage.io/description',
  'description',
];

/** The title and description a Promise is shown with. @public */
export interface PromiseDisplay {
  title: string;
  description: string;
}

/**
 * The description a Promise's author gave it, if any: a description annotation, else the
 * description of its API's spec schema.
 * @public
 */
export function promiseDescription(promise: KratixPromise): string | undefined {
  const annotations = promise.metadata.annotations ?? {};
  return (
    DESCRIPTION_ANNOTATIONS.map(key => annotations[key]).find(Boolean) ??
    extractPromiseApi(promise)?.specSchema?.description
  );
}

/**
 * How a Promise is named and described wherever people meet it: its catalog Component and
 * its self-service Template read both from here, so the catalog and the create page agree.
 * The title is its display-name annotation, else its name; the description is the one its
 * author gave (see {@link promiseDescription}), else a sentence saying what it offers.
 * @public
 */
export function promiseDisplay(
  platform: KratixPlatformInfo,
  promise: KratixPromise,
): PromiseDisplay {
  const api = extractPromiseApi(promise);
  const where = platform.title ?? platform.name;
  return {
    title:
      promise.metadata.annotations?.[KRATIX_BACKSTAGE_KEYS.displayName] ||
      promise.metadata.name,
    description:
      promiseDescription(promise) ??
      (api
        ? `Kratix Promise offering ${api.kind} (${api.group}) on ${where}.`
        : `Kratix Promise on ${where}; it offers no API to request.`),
  };
}
