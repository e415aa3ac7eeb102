import { inspect } from 'node:util';
import {
  LoggerService,
  RootLoggerService,
} from '@backstage/backend-plugin-api';

/**
 * Everything an error or a log line's metadata carries: message, stack, cause chain and
 * every field (stderr, cmd...), for scans that must see what a log would keep.
 * @public
 */
export const inspectEverything = (value: unknown) =>
  inspect(value, { depth: 10, showHidden: true, breakLength: Infinity });

/**
 * A root logger that keeps each line whole: level, message, the error or metadata given
 * (with its stack and causes) and the child loggers' fields.
 * @public
 */
export function capturingLogger(
  lines: string[],
): LoggerService & RootLoggerService {
  const make = (meta: object): LoggerService & RootLoggerService => {
    const log = (level: string) => (message: string, extra?: unknown) =>
      void lines.push(
        `${level} ${message} ${inspectEverything(extra)} ${inspectEverything(
          meta,
        )}`,
      );
    return {
      error: log('error'),
      warn: log('warn'),
      info: log('info'),
      debug: log('debug'),
      child: more => make({ ...meta, ...more }),
    };
  };
  return make({});
}
