import { KratixLiveChange } from '@kratix-backstage/plugin-kratix-common';

/** The kinds of things whose change a platform's signal tells of. */
export type KratixLiveKind = KratixLiveChange['kind'];

/**
 * One message on a platform's signal channel. Signals are broadcast to every signed-in user
 * (the backend cannot tell who may read a platform), so the message names no request, namespace,
 * phase or owner: only which kinds changed. A page showing one of them reads it again
 * through the REST API, whose permission checks decide what it gets.
 */
export interface KratixLiveSignal {
  platform: string;
  /** The kinds that changed, each once, in a fixed order. */
  changed: KratixLiveKind[];
}

const KINDS: KratixLiveKind[] = ['request', 'promise', 'destination', 'health'];

/** The signal of a burst of changes: undefined when nothing changed. */
export function liveSignalOf(
  platform: string,
  changes: Array<Pick<KratixLiveChange, 'kind'>>,
): KratixLiveSignal | undefined {
  const changed = KINDS.filter(kind => changes.some(c => c.kind === kind));
  return changed.length ? { platform, changed } : undefined;
}
