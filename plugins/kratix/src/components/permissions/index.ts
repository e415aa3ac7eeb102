export { PermissionCheckFailed, UnavailableButton } from './PermissionNotices';
