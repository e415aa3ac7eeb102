import {
  BackstageCredentials,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  kratixResourceManageAnyPermission,
  kratixResourceManagePermission,
  RequestCaller,
  requestResourceRef,
} from '@kratix-backstage/plugin-kratix-common';
import { RequestRef } from '../platform/KratixPlatform';

/**
 * The permission questions every Kratix write asks, answered through the permission
 * framework so one policy decides for the REST API, the scaffolder actions and the catalog.
 * Admin acts are resource permissions on the platform (each platform names its admins);
 * acts on one request are resource permissions on that request (its owner, or an admin).
 * @public
 */
export class KratixAccess {
  constructor(
    private readonly permissions: Pick<PermissionsService, 'authorize'>,
    private readonly userInfo?: Pick<UserInfoService, 'getUserInfo'>,
  ) {}

  /** Who the credentials are: a user and the entities they own through, or a service with none. */
  async caller(credentials: BackstageCredentials): Promise<RequestCaller> {
    const principal = credentials.principal as {
      type?: string;
      userEntityRef?: string;
    };
    if (principal?.type !== 'user' || !principal.userEntityRef)
      return { ownershipRefs: [] };
    const info = await this.userInfo
      ?.getUserInfo(credentials)
      .catch(() => undefined);
    return {
      userRef: principal.userEntityRef,
      ownershipRefs: info?.ownershipEntityRefs ?? [principal.userEntityRef],
    };
  }

  /** Whether the permission is allowed (for a resource permission, on that resource). */
  async allowed(
    credentials: BackstageCredentials,
    permission: BasicPermission | ResourcePermission,
    resourceRef?: string,
  ): Promise<boolean> {
    const request =
      permission.type === 'resource'
        ? { permission, resourceRef: resourceRef! }
        : { permission };
    const [decision] = await this.permissions.authorize([request as any], {
      credentials,
    });
    return decision.result === AuthorizeResult.ALLOW;
  }

  /** Throws NotAllowedError (403) naming the permission and what it was asked for. */
  async require(
    credentials: BackstageCredentials,
    permission: BasicPermission | ResourcePermission,
    resourceRef?: string,
    why?: string,
  ): Promise<void> {
    if (!(await this.allowed(credentials, permission, resourceRef))) {
      throw new NotAllowedError(
        `Not allowed: ${permission.name}${
          resourceRef ? ` on ${resourceRef}` : ''
        }${why ? ` (${why})` : ''}`,
      );
    }
  }

  /** Whether the caller administers the platform's requests. */
  isPlatformAdmin(
    credentials: BackstageCredentials,
    platform: string,
  ): Promise<boolean> {
    return this.allowed(
      credentials,
      kratixResourceManageAnyPermission,
      platform,
    );
  }

  /** Whether the caller may manage (update, re-run, pause, delete) this request: its owner or an admin. */
  async canManage(
    credentials: BackstageCredentials,
    platform: string,
    ref: RequestRef,
  ): Promise<boolean> {
    if (await this.isPlatformAdmin(credentials, platform)) return true;
    return this.allowed(
      credentials,
      kratixResourceManagePermission,
      requestResourceRef(platform, ref.promise, ref.namespace, ref.name),
    );
  }
}
