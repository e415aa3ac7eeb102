import { SignalApi } from '@backstage/plugin-signals-react';

type Listener = (message: any) => void;

/** A signal API whose test pushes the messages; it records who listens on which channel. */
export class FakeSignalApi implements SignalApi {
  private readonly listeners = new Map<string, Set<Listener>>();

  subscribe(channel: string, onMessage: Listener) {
    if (!this.listeners.has(channel)) this.listeners.set(channel, new Set());
    this.listeners.get(channel)!.add(onMessage);
    return {
      unsubscribe: () => {
        this.listeners.get(channel)?.delete(onMessage);
      },
    };
  }

  /** The channels someone listens on, sorted. */
  channels(): string[] {
    return [...this.listeners]
      .filter(([, set]) => set.size > 0)
      .map(([channel]) => channel)
      .sort();
  }

  /** Delivers a message to everyone listening on the channel. */
  push(channel: string, message: object) {
    for (const listener of this.listeners.get(channel) ?? []) {
      listener(message);
    }
  }
}
