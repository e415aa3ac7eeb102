/** A value that held for the whole settle window: from what, to what. @public */
export interface SettledTransition<T> {
  key: string;
  /** The settled state before; undefined when the key was not there. */
  from?: string;
  /** The settled state now; undefined when the key is gone. */
  to?: string;
  /** What was last observed with the new state (reason, owner). */
  value?: T;
  /** What was settled before, where anything was. */
  previous?: T;
  /** When the new state was first observed, in milliseconds. */
  since: number;
}

interface Entry<T> {
  state: string;
  value: T;
}

/**
 * Settles states that flap: a new state becomes the settled one only once it has held for
 * the whole window, so a transition that reverts within the window is never reported and a
 * state that keeps changing is reported once it rests. Pure: the caller passes the time,
 * so tests use a fake clock.
 * @public
 */
export class LiveSettler<T> {
  private readonly settled = new Map<string, Entry<T>>();
  private readonly pending = new Map<
    string,
    { state?: string; value?: T; since: number }
  >();

  /** @param windowMs - how long a new state must hold before it counts. */
  constructor(private readonly windowMs: number) {}

  /** Takes a state as settled without reporting it (what a platform held at start). */
  baseline(key: string, state: string, value: T): void {
    this.settled.set(key, { state, value });
    this.pending.delete(key);
  }

  /** Records what is seen now; `state` undefined means the key is gone. */
  observe(key: string, state: string | undefined, value: T, now: number): void {
    const settled = this.settled.get(key);
    if (settled?.state === state) {
      // Back to the settled state within the window: the flap reports nothing.
      this.pending.delete(key);
      if (settled && state !== undefined) settled.value = value;
      return;
    }
    const pending = this.pending.get(key);
    if (pending && pending.state === state) {
      pending.value = value;
      return;
    }
    this.pending.set(key, { state, value, since: now });
  }

  /** The settled state of a key, as lists should show it. */
  settledState(key: string): string | undefined {
    return this.settled.get(key)?.state;
  }

  /** What was last observed with the settled state. */
  settledValue(key: string): T | undefined {
    return this.settled.get(key)?.value;
  }

  /** Whether the key has a state waiting for the window to pass. */
  isSettling(key: string): boolean {
    return this.pending.has(key);
  }

  /** When the next waiting state settles, or undefined when none waits. */
  nextDueAt(): number | undefined {
    let next: number | undefined;
    for (const p of this.pending.values()) {
      const due = p.since + this.windowMs;
      if (next === undefined || due < next) next = due;
    }
    return next;
  }

  /** Settles every state that has held for the window by `now`, and reports each transition once. */
  settle(now: number): SettledTransition<T>[] {
    const out: SettledTransition<T>[] = [];
    for (const [key, p] of this.pending) {
      if (p.since + this.windowMs > now) continue;
      this.pending.delete(key);
      const before = this.settled.get(key);
      if (p.state === undefined) this.settled.delete(key);
      else this.settled.set(key, { state: p.state, value: p.value as T });
      out.push({
        key,
        from: before?.state,
        to: p.state,
        value: p.value,
        previous: before?.value,
        since: p.since,
      });
    }
    return out;
  }
}
