import { useCallback, useEffect, useRef, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { DryRunPreview } from '@kratix-backstage/plugin-kratix-common';
import { kratixApiRef } from '../../api/KratixApi';

/** How often a pending DryRun is read again: Kratix writes its summary once the pipelines ran. */
export const DRY_RUN_POLL_MS = 2000;

/** The request a DryRun is for, and the spec to try. */
export interface DryRunRequest {
  platform: string;
  promise: string;
  namespace: string;
  name: string;
  spec: Record<string, unknown>;
}

interface RunState {
  /** The request the run is for: a run of another spec is not shown. */
  key: string;
  starting: boolean;
  preview?: DryRunPreview;
  /** Answers read so far: each one schedules the next read, even if it says the same. */
  reads: number;
  error?: string;
}

/**
 * Starts a DryRun of a request on demand and reads it again every 2 s while it is pending.
 * Reading stops when it completes or fails, on an error, when the request or spec changes and
 * when the component unmounts: no timer or answer outlives it.
 */
export function useDryRunPreview(request: DryRunRequest) {
  const api = useApi(kratixApiRef);
  const key = JSON.stringify(request);
  const [run, setRun] = useState<RunState>();
  // Bumped by every start and by unmounting: an answer to an older call is dropped.
  const generation = useRef(0);
  useEffect(
    () => () => {
      generation.current++;
    },
    [],
  );

  const start = useCallback(async () => {
    const mine = ++generation.current;
    setRun({ key, starting: true, reads: 0 });
    const { spec, ...ref } = JSON.parse(key) as DryRunRequest;
    try {
      const preview = await api.startDryRun(ref, spec);
      if (mine === generation.current)
        setRun({ key, starting: false, preview, reads: 0 });
    } catch (error) {
      if (mine === generation.current)
        setRun({
          key,
          starting: false,
          error: (error as Error).message,
          reads: 0,
        });
    }
  }, [api, key]);

  const current = run?.key === key ? run : undefined;
  const pending =
    current?.preview?.supported === true &&
    current.preview.state === 'pending' &&
    !current.error;
  useEffect(() => {
    if (!pending || !current?.preview?.supported) return undefined;
    const { namespace, name } = current.preview;
    const mine = generation.current;
    const stale = () => mine !== generation.current;
    let cancelled = false;
    const timer = setTimeout(async () => {
      try {
        const preview = await api.getDryRun({
          platform: request.platform,
          namespace,
          name,
        });
        if (!cancelled && !stale())
          setRun(
            previous =>
              previous && { ...previous, preview, reads: previous.reads + 1 },
          );
      } catch (error) {
        if (!cancelled && !stale())
          setRun(
            previous =>
              previous && { ...previous, error: (error as Error).message },
          );
      }
    }, DRY_RUN_POLL_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [api, pending, current?.preview, current?.reads, request.platform]);

  return {
    start,
    starting: current?.starting ?? false,
    preview: current?.preview,
    error: current?.error,
  };
}
