import {
  AuditorService,
  HttpAuthService,
  HttpRouterService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  KratixAccess,
  KratixPlatformsService,
} from '@kratix-backstage/plugin-kratix-node';
import {
  CommitAuthor,
  RequestListItem,
} from '@kratix-backstage/plugin-kratix-common';

/** What every route group needs from the backend. */
export interface RouterContext {
  platforms: KratixPlatformsService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  logger: LoggerService;
  /** Answers the suite's permission questions (admin of a platform, may manage a request). */
  access: KratixAccess;
  auditor: AuditorService;
  /**
   * The plugin's HTTP router, given so the router can let a caller without credentials reach
   * its own barrier under `/platforms`, which audits the 401 of an act before answering it.
   * Without it Backstage's barrier answers first, with the same 401 but no audit event.
   */
  httpRouter?: Pick<HttpRouterService, 'addAuthPolicy'>;
  /** The commit identity of a user: their User entity's profile, or their entity ref. */
  authorOf(userRef: string): Promise<CommitAuthor>;
  /** The phase lists show while a request's new phase waits out the live service's settle window. */
  settledRequest?(
    platform: string,
    item: RequestListItem,
  ): Pick<RequestListItem, 'phase' | 'reason' | 'message'> | undefined;
}
