import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Request } from 'express';
import {
  KratixPlatform,
  ResourceRequestWriter,
} from '@kratix-backstage/plugin-kratix-node';
import { RouterContext } from '../routes/RouterContext';

/** The caller of one HTTP request: credentials, and the entity ref the audit trail names. */
export interface ActingUser {
  credentials: BackstageCredentials;
  /** The user's entity ref, or `service:<subject>` for a backend acting on its own. */
  actor: string;
}

/**
 * The entity ref the audit trail names for credentials: the user's, `service:<subject>` for a
 * backend acting on its own, `unknown` for a caller without credentials.
 */
export function actorOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (principal.type === 'user' && principal.userEntityRef)
    return principal.userEntityRef;
  if (principal.type === 'service')
    return `service:${principal.subject ?? 'unknown'}`;
  return 'unknown';
}

/** Who is calling, as the audit trail and commit history name them: a 401 without valid credentials. */
export async function actingUser(
  req: Request,
  context: RouterContext,
): Promise<ActingUser> {
  const credentials = await context.httpAuth.credentials(req, {
    allow: ['user', 'service'],
  });
  return { credentials, actor: actorOf(credentials) };
}

/** The commit identity of the caller: their User entity's profile for users. */
export async function commitAuthorOf(user: ActingUser, context: RouterContext) {
  return user.actor.startsWith('service:')
    ? undefined
    : context.authorOf(user.actor);
}

/** The signed-in user's own cluster token, for platforms that write as the user. */
export function userClusterCredentials(req: {
  header(name: string): string | undefined;
}) {
  const header = req.header('x-kratix-cluster-authorization');
  const token = header?.replace(/^Bearer\s+/i, '').trim();
  return token ? { token } : undefined;
}

/** Everything a request write needs to know about its caller, asked lazily of the permission framework. */
export async function requestWriterFor(
  req: Request,
  user: ActingUser,
  platform: KratixPlatform,
  context: RouterContext,
): Promise<ResourceRequestWriter> {
  const { credentials } = user;
  return {
    caller: await context.access.caller(credentials),
    isAdmin: () => context.access.isPlatformAdmin(credentials, platform.name),
    canManage: ref => context.access.canManage(credentials, platform.name, ref),
    author: await commitAuthorOf(user, context),
    asUser: userClusterCredentials(req),
  };
}
