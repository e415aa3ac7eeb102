import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import {
  ManageAction,
  RequestDetail,
} from '@kratix-backstage/plugin-kratix-common';
import { kratixApiRef } from '../../../api/KratixApi';
import { useNotify } from '../../../hooks/useNotify';

/** Carries out manage actions on a request and tells the user how each went; busy while one runs. */
export function useRequestAction(detail: RequestDetail, onDone: () => void) {
  const api = useApi(kratixApiRef);
  const notify = useNotify();
  const [busy, setBusy] = useState(false);
  /** Carries out an action; true when it succeeded. */
  const run = async (
    action: ManageAction,
    version?: string,
  ): Promise<boolean> => {
    setBusy(true);
    try {
      const result = await api.manageRequest(detail, action, version);
      notify({
        message: result.message,
        severity: 'success',
        display: 'transient',
      });
      onDone();
      return true;
    } catch (error) {
      notify({
        message: `Could not ${action} ${detail.namespace}/${detail.name}: ${
          (error as Error).message
        }`,
        severity: 'error',
      });
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, run };
}
