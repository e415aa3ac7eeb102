import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Grid from '@material-ui/core/Grid';
import { kratixApiRef } from '../../api/KratixApi';
import { useKratixLive, useReloadableAsync } from '../../hooks';
import { ConditionHistoryCard } from './ConditionHistoryCard';
import { EventsCard } from './EventsCard';
import { HealthHistoryCard } from './HealthHistoryCard';
import { ConditionsCard } from '../ConditionsCard';
import { HealthCard } from './RequestOverview/HealthCard';
import { LandedCard } from './RequestOverview/LandedCard';
import { OutputsCard } from './RequestOverview/OutputsCard';
import { PipelinesCard } from './RequestOverview/PipelinesCard';
import { RequestCard } from './RequestOverview/RequestCard';
import { RequestWarnings } from './RequestOverview/RequestWarnings';
import { SpecCard } from './RequestOverview/SpecCard';
import { SubRequestsCard } from './RequestOverview/SubRequestsCard';

/** Everything about one request: phase, pipelines, health, outputs, where it landed, sub-requests. @public */
export function RequestOverview(props: {
  platform: string;
  promise: string;
  namespace: string;
  name: string;
}) {
  const { platform, promise, namespace, name } = props;
  const api = useApi(kratixApiRef);
  const {
    value: detail,
    loading,
    error,
    retry,
  } = useReloadableAsync(
    () => api.getRequest(platform, promise, namespace, name),
    [api, platform, promise, namespace, name],
  );
  // Live: signals name no request, so a change of any request on the platform reloads it
  // (the request itself and the sub-requests whose phases it shows).
  useKratixLive(platform, 'request', retry);
  if (loading && !detail) return <Progress />;
  if (error)
    return (
      <ResponseErrorPanel
        title={`Could not read request ${namespace}/${name} on platform ${platform}`}
        error={error}
      />
    );
  const d = detail!;
  return (
    <Grid container spacing={3}>
      <RequestWarnings status={d.status} />
      <RequestCard detail={d} onChanged={retry} />
      <LandedCard detail={d} />
      <SpecCard detail={d} />
      <HealthCard health={d.status.health} />
      <HealthHistoryCard history={d.healthHistory} />
      <PipelinesCard detail={d} />
      <OutputsCard written={d.status.pipelineWritten} />
      <ConditionsCard conditions={d.conditions} typeTitle="Type" />
      <ConditionHistoryCard history={d.conditionHistory} />
      <EventsCard events={d.events} />
      <SubRequestsCard subRequests={d.subRequests} />
    </Grid>
  );
}
