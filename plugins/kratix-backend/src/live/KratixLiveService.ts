import { LoggerService } from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { SignalsService } from '@backstage/plugin-signals-node';
import {
  diffLiveSnapshots,
  healthTransitionNotifications,
  KratixLiveChange,
  KratixLiveSignal,
  KratixNotification,
  KratixNotificationLinks,
  kratixSignalChannel,
  LivePlatformSnapshot,
  LivePromiseState,
  LiveRequestState,
  LiveSettler,
  liveSignalOf,
  platformReachability,
  promiseTransitionNotifications,
  pullRequestNotifications,
  requestTransitionNotifications,
} from '@kratix-backstage/plugin-kratix-common';
import { KratixPlatform } from '@kratix-backstage/plugin-kratix-node';
import { readLiveSnapshot } from './readLiveSnapshot';

/** Options of {@link KratixLiveService}. @internal */
export interface KratixLiveServiceOptions {
  platforms: KratixPlatform[];
  signals: SignalsService;
  notifications: NotificationService;
  logger: LoggerService;
  /** How long a new phase must hold before lists show it and anyone is told. Default 10 s. */
  settleMs?: number;
  /** Changes seen within this time after the first go out as one message. Default 250 ms. */
  coalesceMs?: number;
  /** How often health is looked at, since a failing read may emit no change. Default 5 s. */
  healthPollMs?: number;
  /** The clock, in milliseconds. */
  now?: () => number;
  /** Where notification links go in the app. Default: a stock app's paths. */
  links?: KratixNotificationLinks;
}

/** How many notifications are sent at a time: each is an HTTP call to the notifications backend. */
const SEND_CONCURRENCY = 8;

class PlatformLive {
  snapshot?: LivePlatformSnapshot;
  readonly requests: LiveSettler<LiveRequestState>;
  readonly promises: LiveSettler<LivePromiseState>;
  readonly health: LiveSettler<{ lastError?: string }>;
  batchTimer?: NodeJS.Timeout;
  settleTimer?: NodeJS.Timeout;
  settleDueAt?: number;
  healthTimer?: NodeJS.Timeout;
  unsubscribe?: () => void;
  running = false;
  dirty = false;

  constructor(readonly platform: KratixPlatform, settleMs: number) {
    this.requests = new LiveSettler(settleMs);
    this.promises = new LiveSettler(settleMs);
    this.health = new LiveSettler(settleMs);
  }
}

/**
 * Turns what each platform sees change into live pages and notifications: one small signal
 * message per burst of changes on the platform's channel (`kratix:<platform>`), naming only
 * the kinds that changed (see {@link KratixLiveSignal}), and one
 * notification per settled transition (a request Ready or Failing, a pull request merged or
 * closed, a Promise Unavailable, the platform unreachable). A phase that flaps back within
 * the settle window notifies no one.
 * @internal
 */
export class KratixLiveService {
  private readonly lives: PlatformLive[];
  private readonly settleMs: number;
  private readonly coalesceMs: number;
  private readonly healthPollMs: number;
  private readonly now: () => number;
  private stopped = false;

  constructor(private readonly options: KratixLiveServiceOptions) {
    this.settleMs = options.settleMs ?? 10_000;
    this.coalesceMs = options.coalesceMs ?? 250;
    this.healthPollMs = options.healthPollMs ?? 5_000;
    this.now = options.now ?? Date.now;
    this.lives = options.platforms.map(p => new PlatformLive(p, this.settleMs));
  }

  /** Reads each platform once (nothing is told about what is already there) and starts listening. */
  async start(): Promise<void> {
    await Promise.all(this.lives.map(live => this.startOne(live)));
  }

  /** Stops listening and drops every timer. */
  stop(): void {
    this.stopped = true;
    for (const live of this.lives) {
      live.unsubscribe?.();
      clearTimeout(live.batchTimer);
      clearTimeout(live.settleTimer);
      clearInterval(live.healthTimer);
    }
  }

  /**
   * The settled phase of a request (with its reason and message), as lists show it while a
   * new one waits out the settle window; undefined when the service has not seen it settle.
   */
  settledRequest(
    platform: string,
    ref: { promise: string; namespace: string; name: string },
  ): Pick<LiveRequestState, 'phase' | 'reason' | 'message'> | undefined {
    const live = this.lives.find(l => l.platform.name === platform);
    const key = `${ref.promise}/${ref.namespace}/${ref.name}`;
    if (!live || !live.requests.isSettling(key)) return undefined;
    return live.requests.settledValue(key);
  }

  private async startOne(live: PlatformLive): Promise<void> {
    const { platform } = live;
    try {
      await platform.start?.();
      const snapshot = await readLiveSnapshot(platform);
      if (this.stopped) return;
      live.snapshot = snapshot;
      for (const [key, r] of snapshot.requests)
        live.requests.baseline(key, r.phase, r);
      for (const [key, p] of snapshot.promises)
        live.promises.baseline(key, p.availability, p);
      live.health.baseline(
        'health',
        platformReachability(snapshot.health),
        snapshot.health,
      );
    } catch (e) {
      // Start empty: the first successful read then reports what it finds.
      this.options.logger.warn(
        `Live updates of platform ${platform.name} start without a first read: ${e}`,
      );
    }
    if (this.stopped) return;
    live.unsubscribe = platform.subscribe?.(() => this.schedule(live));
    live.healthTimer = setInterval(() => {
      const h = platform.health();
      const known = live.snapshot?.health;
      if (!known || known.connected !== h.connected) this.schedule(live);
    }, this.healthPollMs);
    live.healthTimer.unref?.();
  }

  /** Collects a burst: the first change starts the timer, later ones ride along. */
  private schedule(live: PlatformLive): void {
    if (this.stopped || live.batchTimer) return;
    live.batchTimer = setTimeout(() => {
      live.batchTimer = undefined;
      void this.flush(live);
    }, this.coalesceMs);
    live.batchTimer.unref?.();
  }

  private async flush(live: PlatformLive): Promise<void> {
    if (live.running) {
      live.dirty = true;
      return;
    }
    live.running = true;
    try {
      await this.compare(live);
    } catch (e) {
      this.options.logger.warn(
        `Live updates of platform ${live.platform.name} failed to read it: ${e}`,
      );
    } finally {
      live.running = false;
      if (live.dirty && !this.stopped) {
        live.dirty = false;
        this.schedule(live);
      }
    }
  }

  private async compare(live: PlatformLive): Promise<void> {
    const { platform } = live;
    let next: LivePlatformSnapshot;
    try {
      next = await readLiveSnapshot(platform, live.snapshot);
    } catch (e) {
      // The views could not be read: keep the last ones and report the health alone.
      if (!live.snapshot) throw e;
      const h = platform.health();
      next = {
        ...live.snapshot,
        health: {
          connected: false,
          lastError: h.lastError ?? String(e),
          fingerprint: JSON.stringify([false, h.lastError ?? String(e), []]),
        },
      };
    }
    if (this.stopped) return;
    const before = live.snapshot ?? {
      requests: new Map(),
      promises: new Map(),
      destinations: new Map(),
      health: next.health,
      pullRequests: new Map(),
    };
    live.snapshot = next;
    const now = this.now();
    const changes = diffLiveSnapshots(before, next);
    for (const [key, r] of next.requests)
      live.requests.observe(key, r.phase, r, now);
    for (const [key, r] of before.requests)
      if (!next.requests.has(key))
        live.requests.observe(key, undefined, r, now);
    for (const [key, p] of next.promises)
      live.promises.observe(key, p.availability, p, now);
    for (const [key, p] of before.promises)
      if (!next.promises.has(key))
        live.promises.observe(key, undefined, p, now);
    live.health.observe(
      'health',
      platformReachability(next.health),
      next.health,
      now,
    );
    // With a short window a transition settles in the same pass: one message tells of both.
    const settled = this.takeSettled(live, now);
    await this.publish(platform.name, [...changes, ...settled.changes]);
    await this.sendAll([
      ...pullRequestNotifications(
        platform.name,
        before,
        next,
        this.options.links,
      ),
      ...settled.notifications,
    ]);
    this.armSettleTimer(live);
  }

  /** Takes every transition that has held for the window: the changes to signal and whom to tell. */
  private takeSettled(
    live: PlatformLive,
    now: number,
  ): { changes: KratixLiveChange[]; notifications: KratixNotification[] } {
    const { platform } = live;
    const requests = live.requests.settle(now);
    const promises = live.promises.settle(now);
    const health = live.health.settle(now);
    const changes: KratixLiveChange[] = [];
    for (const t of requests) {
      const [promise, namespace, name] = t.key.split('/');
      changes.push({
        kind: 'request',
        promise,
        namespace,
        name,
        ...(t.to ? { phase: t.to } : {}),
      });
    }
    for (const t of promises) changes.push({ kind: 'promise', name: t.key });
    if (health.length > 0) changes.push({ kind: 'health' });
    const admins = platform.admins ?? [];
    const { links } = this.options;
    return {
      changes,
      notifications: [
        ...requestTransitionNotifications(platform.name, requests, links),
        ...promiseTransitionNotifications(
          platform.name,
          admins,
          promises,
          links,
        ),
        ...healthTransitionNotifications(platform.name, admins, health, links),
      ],
    };
  }

  /** Reports what has held for the window on its own, when no change came along to carry it. */
  private async settle(live: PlatformLive): Promise<void> {
    const settled = this.takeSettled(live, this.now());
    await this.publish(live.platform.name, settled.changes);
    await this.sendAll(settled.notifications);
    this.armSettleTimer(live);
  }

  private armSettleTimer(live: PlatformLive): void {
    const due = live.requests.nextDueAt();
    const dues = [due, live.promises.nextDueAt(), live.health.nextDueAt()]
      .filter((d): d is number => d !== undefined)
      .sort((a, b) => a - b);
    const next = dues[0];
    if (next === undefined || this.stopped) return;
    if (live.settleTimer && live.settleDueAt === next) return;
    clearTimeout(live.settleTimer);
    live.settleDueAt = next;
    live.settleTimer = setTimeout(() => {
      live.settleTimer = undefined;
      live.settleDueAt = undefined;
      void this.settle(live).catch(e =>
        this.options.logger.warn(
          `Live updates of platform ${live.platform.name} failed to settle: ${e}`,
        ),
      );
    }, Math.max(0, next - this.now()));
    live.settleTimer.unref?.();
  }

  private async publish(
    platform: string,
    changes: KratixLiveChange[],
  ): Promise<void> {
    // Broadcast: it says only which kinds changed; pages read what they show through the API.
    const message = liveSignalOf(platform, changes);
    if (!message) return;
    try {
      await this.options.signals.publish({
        recipients: { type: 'broadcast' },
        channel: kratixSignalChannel(platform),
        message: { ...message },
      });
    } catch (e) {
      this.options.logger.warn(
        `Could not send the live update of platform ${platform}: ${e}`,
      );
    }
  }

  private async sendAll(notifications: KratixNotification[]): Promise<void> {
    for (let i = 0; i < notifications.length; i += SEND_CONCURRENCY) {
      await Promise.all(
        notifications.slice(i, i + SEND_CONCURRENCY).map(async n => {
          try {
            await this.options.notifications.send({
              recipients: { type: 'entity', entityRef: n.recipients },
              payload: n.payload,
            });
          } catch (e) {
            this.options.logger.warn(
              `Could not send notification "${n.payload.title}": ${e}`,
            );
          }
        }),
      );
    }
  }
}
