import { useCallback } from 'react';
import {
  alertApiRef,
  AlertMessage,
  coreApis,
  useApiHolder,
} from '@backstage/frontend-plugin-api';

/** How long a transient notice stays, as the legacy AlertApi's transient alerts do. */
const TRANSIENT_MS = 5000;

/** A notice for the user: a message, how it went, and whether it goes away by itself. */
export type Notice = AlertMessage;

/**
 * Posts a notice to the user: as a toast where the app provides the ToastApi (the new
 * frontend system, and legacy apps on current app-defaults), else as an alert (AlertApi is
 * deprecated, but an older legacy app has nothing else).
 */
export function useNotify(): (notice: Notice) => void {
  const apis = useApiHolder();
  const toast = apis.get(coreApis.toast);
  const alert = apis.get(alertApiRef);
  return useCallback(
    (notice: Notice) => {
      if (toast) {
        toast.post({
          title: notice.message,
          status: notice.severity === 'error' ? 'danger' : notice.severity,
          timeout: notice.display === 'transient' ? TRANSIENT_MS : undefined,
        });
      } else if (alert) {
        alert.post(notice);
      } else {
        throw new Error(
          `No ToastApi or AlertApi in this app to show: ${notice.message}`,
        );
      }
    },
    [toast, alert],
  );
}
