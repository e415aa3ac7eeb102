import { HttpAuthService, LoggerService, PermissionsService } from '@backstage/backend-plugin-api';
import { KratixPlatformsService } from '@kratix-backstage/plugin-kratix-node';

/** What every route group needs from the backend. */
export interface RouterContext {
  platforms: KratixPlatformsService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  logger: LoggerService;
}
