import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { CommitAuthor } from '@kratix-backstage/plugin-kratix-common';
import {
  audited,
  KratixAuditOptions,
  KratixPlatform,
} from '@kratix-backstage/plugin-kratix-node';
import {
  actorOf,
  KratixActionsOptions,
  onlyPlatformName,
  platformFor,
  requireRead,
} from './KratixActionsOptions';

type AuditMeta = KratixAuditOptions['meta'];

/** One mutating act of an action on a platform: what is audited, checked and run. */
export interface PlatformAct<T> {
  eventId: string;
  severityLevel?: KratixAuditOptions['severityLevel'];
  /** The platform as the input names it (none: the only configured one). */
  platform: string | undefined;
  /** What the act is on, audited besides the actor, the platform and `via`. */
  meta: AuditMeta;
  /** Input checks, after the read permission and before the platform is looked up. */
  checkInput?: () => void;
  /** The permission on the platform, before anything is done there. */
  allow?: (platform: KratixPlatform) => Promise<void>;
  /**
   * Where the platform acts with the signed-in user's own cluster identity (kubernetes
   * mode), the act is refused with this: what the platform does and where to do it instead.
   */
  actAsUserRefusal?: { does: string; instead: string };
  run: (
    platform: KratixPlatform,
    by: { actor: string; author: CommitAuthor | undefined },
  ) => Promise<T>;
  /** What the success event adds from the result. */
  outcome?: (result: T) => AuditMeta;
}

/**
 * The frame every mutating Kratix action shares with its REST route: one audit event
 * (refusals included) around the read permission, the platform, the act's own permission,
 * the refusal of act-as-user platforms, and the commit author of a user (none for a service).
 */
export async function runPlatformAct<T>(
  options: Pick<
    KratixActionsOptions,
    'platforms' | 'access' | 'auditor' | 'authorOf'
  >,
  credentials: BackstageCredentials,
  act: PlatformAct<T>,
): Promise<{ result: T; actor: string; platform: KratixPlatform }> {
  const { platforms, access, auditor, authorOf } = options;
  const actor = actorOf(credentials);
  let target: KratixPlatform | undefined;
  const result = await audited(
    auditor,
    {
      eventId: act.eventId,
      severityLevel: act.severityLevel,
      meta: {
        actor,
        // The platform as named, or the only one: a refusal of an unknown one is audited too.
        platform: act.platform ?? onlyPlatformName(platforms) ?? '',
        ...act.meta,
        via: 'actions',
      },
    },
    async () => {
      await requireRead(access, credentials);
      act.checkInput?.();
      const platform = await platformFor(platforms, act.platform);
      target = platform;
      await act.allow?.(platform);
      // The REST API takes the user's cluster token from a header the registry cannot carry.
      if (
        act.actAsUserRefusal &&
        platform.actAsUser &&
        platform.mode === 'kubernetes'
      )
        throw new InputError(
          `Platform ${platform.name} ${act.actAsUserRefusal.does} with the signed-in user's own cluster identity (${platform.actAsUser.authProvider}), which an action call does not carry: ${act.actAsUserRefusal.instead}`,
        );
      const author = actor.startsWith('service:')
        ? undefined
        : await authorOf(actor);
      return act.run(platform, { actor, author });
    },
    act.outcome,
  );
  return { result, actor, platform: target! };
}
