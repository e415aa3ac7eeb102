/**
 * The signal channel of one platform: every page that shows something of the platform
 * listens on it, and the backend sends one small message per batch of changes.
 * @public
 */
export function kratixSignalChannel(platform: string): string {
  return `kratix:${platform}`;
}

/**
 * What changed on a platform. Only names travel, never the objects: a page that shows
 * one of them fetches it again through the REST API (and its permission checks).
 * @public
 */
export type KratixLiveChange =
  | {
      kind: 'request';
      promise: string;
      namespace: string;
      name: string;
      /** The settled phase after the change, where it is known. */
      phase?: string;
    }
  | { kind: 'promise'; name: string }
  | { kind: 'destination'; name: string }
  | { kind: 'health' };

/** One message on a platform's signal channel. @public */
export interface KratixLiveMessage {
  platform: string;
  changes: KratixLiveChange[];
}

/**
 * Whether a message concerns what a page shows: a request page passes its request, a list
 * passes the kind it lists (and a Promise page its Promise's name).
 * @public
 */
export function liveMessageConcerns(
  message: KratixLiveMessage,
  what:
    | { kind: 'request'; promise: string; namespace: string; name: string }
    | { kind: 'promise'; name?: string }
    | { kind: 'destination'; name?: string }
    | { kind: 'health' },
): boolean {
  return message.changes.some(change => {
    if (change.kind !== what.kind) {
      // A Promise page lists its requests: any change to one of them concerns it.
      return (
        what.kind === 'promise' &&
        change.kind === 'request' &&
        (!what.name || change.promise === what.name)
      );
    }
    switch (change.kind) {
      case 'request': {
        const w = what as Extract<typeof what, { kind: 'request' }>;
        return (
          change.promise === w.promise &&
          change.namespace === w.namespace &&
          change.name === w.name
        );
      }
      case 'promise':
      case 'destination':
        return (
          !(what as { name?: string }).name ||
          (what as { name?: string }).name === change.name
        );
      default:
        return true;
    }
  });
}
