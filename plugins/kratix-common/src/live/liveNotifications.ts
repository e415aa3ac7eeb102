import { KRATIX_ENTITY_NAMESPACE } from '../entities/types';
import { promiseEntityName, requestEntityName } from '../entities/entityNames';
import { SettledTransition } from './LiveSettler';
import {
  LivePlatformSnapshot,
  LivePromiseState,
  LivePullRequestState,
  LiveRequestState,
} from './liveSnapshot';

/**
 * The notification topics of the suite: each can be turned off on its own in the
 * notifications settings page.
 * @public
 */
export const KRATIX_NOTIFICATION_TOPICS = {
  requestReady: 'kratix-request-ready',
  pipelineFailed: 'kratix-pipeline-failed',
  pullRequest: 'kratix-pull-request',
  promiseUnavailable: 'kratix-promise-unavailable',
  platformUnreachable: 'kratix-platform-unreachable',
} as const;

/** A notification to send: to whom (entity refs, a group reaches its members) and what. @public */
export interface KratixNotification {
  recipients: string[];
  payload: {
    title: string;
    description: string;
    link: string;
    severity: 'critical' | 'high' | 'normal' | 'low';
    topic: string;
    /**
     * One per transition: the notifications backend keeps one notification per user and
     * scope, so a second replica or a restart that sends the same transition again updates
     * it instead of adding another.
     */
    scope: string;
  };
}

/** The scope of a request's notification: `kratix:<platform>:<promise>:<ns>/<name>:<what>`. @public */
export function kratixNotificationScope(
  platform: string,
  request: { promise: string; namespace: string; name: string },
  what: string,
): string {
  return `kratix:${platform}:${request.promise}:${request.namespace}/${request.name}:${what}`;
}

/**
 * Where notification links go in the app. The backend cannot know the app's routes, so they
 * are configured (`kratix.notifications.links`), with a stock app's paths by default.
 * @public
 */
export interface KratixNotificationLinks {
  /**
   * A catalog entity's page: a path (or URL) with `{namespace}`, `{kind}` and `{name}`, as
   * the app mounts the catalog's entity page. Default `/catalog/{namespace}/{kind}/{name}`.
   */
  entity: string;
  /** The Kratix page: where the app mounts it. Default `/kratix`. */
  kratixPage: string;
}

/** A stock app's paths: the catalog's entity page and the Kratix page where they mount. @public */
export const DEFAULT_KRATIX_NOTIFICATION_LINKS: KratixNotificationLinks = {
  entity: '/catalog/{namespace}/{kind}/{name}',
  kratixPage: '/kratix',
};

/**
 * The link to a catalog entity's page from the `entity` pattern: kind and namespace in lower
 * case and every part URL-encoded, as the catalog's own entity links are.
 * @public
 */
export function kratixEntityLink(
  links: KratixNotificationLinks,
  entity: { kind: string; namespace: string; name: string },
): string {
  const parts: Record<string, string> = {
    namespace: entity.namespace.toLocaleLowerCase('en-US'),
    kind: entity.kind.toLocaleLowerCase('en-US'),
    name: entity.name,
  };
  return links.entity.replace(/\{(namespace|kind|name)\}/g, (_, part) =>
    encodeURIComponent(parts[part]),
  );
}

function requestLink(
  links: KratixNotificationLinks,
  platform: string,
  r: { promise: string; namespace: string; name: string },
): string {
  return kratixEntityLink(links, {
    kind: 'component',
    namespace: KRATIX_ENTITY_NAMESPACE,
    name: requestEntityName(platform, r.promise, r.namespace, r.name),
  });
}

/** Notifications for requests whose settled phase changed: Ready, or Failing with Kratix's reason. @public */
export function requestTransitionNotifications(
  platform: string,
  transitions: SettledTransition<LiveRequestState>[],
  links: KratixNotificationLinks = DEFAULT_KRATIX_NOTIFICATION_LINKS,
): KratixNotification[] {
  const out: KratixNotification[] = [];
  for (const t of transitions) {
    const r = t.value;
    if (!r?.owner || t.to === t.from) continue;
    const label = `${r.promise} request ${r.namespace}/${r.name}`;
    if (t.to === 'Ready') {
      out.push({
        recipients: [r.owner],
        payload: {
          title: `Your ${label} is ready`,
          description: `It is Ready on platform ${platform}${
            r.message ? `: ${r.message}` : ''
          }.`,
          link: requestLink(links, platform, r),
          severity: 'normal',
          topic: KRATIX_NOTIFICATION_TOPICS.requestReady,
          scope: kratixNotificationScope(platform, r, 'Ready'),
        },
      });
    } else if (t.to === 'Failing') {
      const why = [r.reason, r.message].filter(Boolean).join(': ');
      out.push({
        recipients: [r.owner],
        payload: {
          title: `A pipeline of your ${label} failed`,
          description: `Kratix reports it Failing on platform ${platform}${
            why ? ` (${why})` : ''
          }.`,
          link: requestLink(links, platform, r),
          severity: 'high',
          topic: KRATIX_NOTIFICATION_TOPICS.pipelineFailed,
          scope: kratixNotificationScope(platform, r, 'Failing'),
        },
      });
    }
  }
  return out;
}

/** Notifications to the platform's admins for Promises whose settled availability became Unavailable. @public */
export function promiseTransitionNotifications(
  platform: string,
  admins: string[],
  transitions: SettledTransition<LivePromiseState>[],
  links: KratixNotificationLinks = DEFAULT_KRATIX_NOTIFICATION_LINKS,
): KratixNotification[] {
  if (admins.length === 0) return [];
  return transitions
    .filter(t => t.to === 'Unavailable' && t.from !== 'Unavailable' && t.value)
    .map(t => {
      const p = t.value!;
      const why = [p.reason, p.message].filter(Boolean).join(': ');
      return {
        recipients: admins,
        payload: {
          title: `Promise ${p.name} is unavailable on ${platform}`,
          description: `Kratix reports Promise ${p.name} Unavailable${
            why ? ` (${why})` : ''
          }; new requests for it will not be fulfilled.`,
          link: kratixEntityLink(links, {
            kind: 'component',
            namespace: KRATIX_ENTITY_NAMESPACE,
            name: promiseEntityName(platform, p.name),
          }),
          severity: 'high' as const,
          topic: KRATIX_NOTIFICATION_TOPICS.promiseUnavailable,
          scope: `kratix:${platform}:promise:${p.name}:Unavailable`,
        },
      };
    });
}

/** The settle state of a platform's health: `reachable` or `unreachable`. @public */
export function platformReachability(health: {
  connected: boolean;
}): 'reachable' | 'unreachable' {
  return health.connected ? 'reachable' : 'unreachable';
}

/** A notification to the admins when a platform's settled health became unreachable. @public */
export function healthTransitionNotifications(
  platform: string,
  admins: string[],
  transitions: SettledTransition<{ lastError?: string }>[],
  links: KratixNotificationLinks = DEFAULT_KRATIX_NOTIFICATION_LINKS,
): KratixNotification[] {
  if (admins.length === 0) return [];
  return transitions
    .filter(t => t.from === 'reachable' && t.to === 'unreachable')
    .map(t => ({
      recipients: admins,
      payload: {
        title: `Kratix platform ${platform} is unreachable`,
        description: `The backend cannot read platform ${platform}${
          t.value?.lastError ? `: ${t.value.lastError}` : ''
        }. Pages show what was last read.`,
        link: links.kratixPage,
        severity: 'critical' as const,
        topic: KRATIX_NOTIFICATION_TOPICS.platformUnreachable,
        scope: `kratix:${platform}:health:unreachable`,
      },
    }));
}

/**
 * Notifications for pull requests proposed for requests that left the open list between two
 * looks: merged when the request is now on the platform, closed otherwise.
 * @public
 */
export function pullRequestNotifications(
  platform: string,
  before: LivePlatformSnapshot,
  after: LivePlatformSnapshot,
  links: KratixNotificationLinks = DEFAULT_KRATIX_NOTIFICATION_LINKS,
): KratixNotification[] {
  const out: KratixNotification[] = [];
  for (const [key, pr] of before.pullRequests) {
    const still = after.pullRequests.get(key);
    if (still?.url === pr.url) continue;
    const owner = pr.owner ?? after.requests.get(key)?.owner;
    if (!owner) continue;
    const merged = after.requests.has(key);
    out.push(pullRequestNotification(links, platform, pr, owner, merged));
  }
  return out;
}

function pullRequestNotification(
  links: KratixNotificationLinks,
  platform: string,
  pr: LivePullRequestState,
  owner: string,
  merged: boolean,
): KratixNotification {
  const what = merged ? 'merged' : 'closed';
  return {
    recipients: [owner],
    payload: {
      title: `The pull request for your ${pr.promise} request ${pr.namespace}/${pr.name} was ${what}`,
      description: merged
        ? `The request is on platform ${platform} now (${pr.url}).`
        : `It was closed without reaching platform ${platform} (${pr.url}).`,
      link: merged ? requestLink(links, platform, pr) : pr.url,
      severity: merged ? 'normal' : 'high',
      topic: KRATIX_NOTIFICATION_TOPICS.pullRequest,
      scope: kratixNotificationScope(platform, pr, `pr:${pr.url}:${what}`),
    },
  };
}
