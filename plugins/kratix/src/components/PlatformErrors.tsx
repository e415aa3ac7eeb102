import { WarningPanel } from '@backstage/core-components';
import { PlatformError } from '../api/KratixApi';

/** One warning per platform that could not answer a list; the other platforms' rows still show. */
export function PlatformErrors({ errors }: { errors?: PlatformError[] }) {
  return (
    <>
      {errors?.map(e => (
        <WarningPanel
          key={e.platform}
          title={`Platform ${e.platform} is not listed`}
          message={e.message}
        />
      ))}
    </>
  );
}
