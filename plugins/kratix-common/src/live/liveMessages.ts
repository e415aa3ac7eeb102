/**
 * The signal channel of one platform: every page that shows something of the platform
 * listens on it, and the backend sends one small message per batch of changes.
 * @public
 */
export function kratixSignalChannel(platform: string): string {
  return `kratix:${platform}`;
}

/**
 * What changed on a platform, as the backend sees it between two signals; only the kinds
 * reach pages (see {@link KratixLiveSignal}).
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

/** The kinds of things whose change a platform's signal tells of. @public */
export type KratixLiveKind = KratixLiveChange['kind'];

/**
 * One message on a platform's signal channel. Signals are broadcast to every signed-in user
 * (the backend cannot tell who may read a platform), so the message names no request,
 * namespace, phase or owner: only which kinds changed. A page showing one of them reads it
 * again through the REST API, whose permission checks decide what it gets.
 * @public
 */
export interface KratixLiveSignal {
  platform: string;
  /** The kinds that changed, each once, in a fixed order. */
  changed: KratixLiveKind[];
}

const KINDS: KratixLiveKind[] = ['request', 'promise', 'destination', 'health'];

/** The signal of a burst of changes: undefined when nothing changed. @public */
export function liveSignalOf(
  platform: string,
  changes: Array<Pick<KratixLiveChange, 'kind'>>,
): KratixLiveSignal | undefined {
  const changed = KINDS.filter(kind => changes.some(c => c.kind === kind));
  return changed.length ? { platform, changed } : undefined;
}

/**
 * Whether a message on a platform's channel tells of a change to a kind a page shows (a
 * Promise's page lists its requests, so a request change concerns it too). Anything that is
 * not a signal concerns no page.
 * @public
 */
export function liveSignalConcerns(
  message: unknown,
  shown: KratixLiveKind,
): boolean {
  const changed = (message as { changed?: unknown } | null)?.changed;
  if (!Array.isArray(changed)) return false;
  return (
    changed.includes(shown) ||
    (shown === 'promise' && changed.includes('request'))
  );
}
