import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';

/** Who is acting, as the permission framework's user info tells it. @public */
export interface RequestCaller {
  /** The caller's own user entity ref; absent for a service acting on its own. */
  userRef?: string;
  /** Entity refs the caller is or belongs to (the user and their groups). */
  ownershipRefs: string[];
}

/**
 * An owner ref in its full, lower-case form: `team-a` → `group:default/team-a`. Returns
 * undefined for text that is not an entity ref.
 * @public
 */
export function normalizeOwnerRef(ref: string): string | undefined {
  // Entity names and namespaces: letters, digits, '-', '_' and '.'; at most one kind and one namespace.
  if (
    !/^(?:[a-z0-9][-\w.]*:)?(?:[a-z0-9][-\w.]*\/)?[a-z0-9][-\w.]*$/i.test(
      ref.trim(),
    )
  )
    return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(ref.trim(), {
        defaultKind: 'group',
        defaultNamespace: 'default',
      }),
    ).toLowerCase();
  } catch {
    return undefined;
  }
}

/** The owner a write records, or why the caller may not record it (a 403). @public */
export type RequestOwnerDecision =
  | { allowed: true; owner?: string }
  | { allowed: false; reason: string };

/**
 * Decides the owner a created or updated request records. A caller records themselves (the
 * default) or a group they belong to; any other owner, and any change of an existing
 * request's owner, is a platform admin's act. So nobody can hand a request to a team they
 * are not in, or take over another team's request by re-owning it.
 * @public
 */
export function decideRequestOwner(options: {
  /** The owner the caller asked for, as given. */
  requested?: string;
  /** For an update: the owner the request records now (undefined when it has none). */
  existing?: { owner?: string };
  caller: RequestCaller;
  isAdmin: boolean;
}): RequestOwnerDecision {
  const { requested, existing, caller, isAdmin } = options;
  const wanted =
    requested === undefined || requested === ''
      ? undefined
      : normalizeOwnerRef(requested);
  if (requested && !wanted)
    return {
      allowed: false,
      reason: `owner: "${requested}" is not an entity ref (e.g. group:default/team-a)`,
    };
  if (existing) {
    const current = existing.owner
      ? normalizeOwnerRef(existing.owner) ?? existing.owner
      : undefined;
    if (!wanted || wanted === current)
      return { allowed: true, owner: existing.owner };
    if (isAdmin) return { allowed: true, owner: wanted };
    return {
      allowed: false,
      reason: `owner: changing the owner of an existing request (from ${
        current ?? 'none'
      } to ${wanted}) is a platform admin's act`,
    };
  }
  if (!wanted)
    return {
      allowed: true,
      owner: caller.userRef ? normalizeOwnerRef(caller.userRef) : undefined,
    };
  const claims = new Set(
    caller.ownershipRefs.map(r => normalizeOwnerRef(r)).filter(Boolean),
  );
  if (isAdmin || claims.has(wanted)) return { allowed: true, owner: wanted };
  return {
    allowed: false,
    reason: `owner: you may record as owner only yourself or a group you belong to (${
      [...claims].join(', ') || 'none known'
    }); ${wanted} is neither, and only a platform admin may record another owner`,
  };
}

/** A commit identity: the one git history shows for an act. @public */
export interface CommitAuthor {
  name: string;
  email: string;
}

/**
 * The commit author for an act by a user: the display name and e-mail of their User entity,
 * or the entity ref itself where the catalog has no profile for them.
 * @public
 */
export function commitAuthorFor(
  userRef: string,
  entity?: {
    metadata?: { name?: string };
    spec?: { profile?: { displayName?: string; email?: string } };
  },
): CommitAuthor {
  const profile = entity?.spec?.profile;
  return {
    name: profile?.displayName?.trim() || userRef,
    email: profile?.email?.trim() || userRef,
  };
}
