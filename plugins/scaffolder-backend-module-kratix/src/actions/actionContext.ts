import {
  AuditorService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import {
  commitAuthorFor,
  CommitAuthor,
} from '@kratix-backstage/plugin-kratix-common';

/** The part of an action's context that says who runs the template. */
interface InitiatorContext {
  user?: { ref?: string; entity?: unknown };
  getInitiatorCredentials(): Promise<BackstageCredentials>;
}

/** Who runs the template: credentials for permission checks, the ref the audit names, the commit identity. */
export async function initiatorOf(ctx: InitiatorContext): Promise<{
  credentials: BackstageCredentials;
  actor: string;
  author?: CommitAuthor;
}> {
  const credentials = await ctx.getInitiatorCredentials();
  const principal = credentials.principal as {
    type?: string;
    userEntityRef?: string;
    subject?: string;
  };
  const userRef =
    ctx.user?.ref ??
    (principal?.type === 'user' ? principal.userEntityRef : undefined);
  return {
    credentials,
    actor: userRef ?? `service:${principal?.subject ?? 'unknown'}`,
    author: userRef
      ? commitAuthorFor(userRef, ctx.user?.entity as any)
      : undefined,
  };
}

/** An auditor that records nothing, for actions created without one (tests, older hosts). */
export const silentAuditor: Pick<AuditorService, 'createEvent'> = {
  createEvent: async () => ({
    success: async () => undefined,
    fail: async () => undefined,
  }),
};
