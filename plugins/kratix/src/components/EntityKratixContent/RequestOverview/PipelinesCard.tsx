import { InfoCard, Table } from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import {
  PipelineRun,
  RequestDetail,
} from '@kratix-backstage/plugin-kratix-common';
import { PipelineTimeline } from '../../PipelineTimeline/PipelineTimeline';
import { longToken, wordCell } from '../../tableLayout';
import { EventTime } from '../EventsCard';
import { PipelineLogsPermission } from '../PipelineLogsPermission';
import { PhaseStatus } from './PhaseStatus';
import { PipelineLogsButton } from './PipelineLogsButton';

/** The request's workflow, pipeline by pipeline, then its runs with their logs. */
export function PipelinesCard({ detail: d }: { detail: RequestDetail }) {
  return (
    <Grid item xs={12}>
      <InfoCard title="Pipelines">
        <PipelineTimeline workflow={d.status.workflow} />
        {d.pipelineRuns.length > 0 && (
          <Table<PipelineRun>
            title="Runs"
            options={{
              paging: false,
              search: false,
              padding: 'dense',
              emptyRowsWhenPaging: false,
            }}
            columns={[
              {
                title: 'Pipeline',
                field: 'pipeline',
                cellStyle: wordCell,
                render: r => (
                  <>
                    {r.pipeline}
                    <Typography
                      variant="caption"
                      color="textSecondary"
                      display="block"
                      style={longToken}
                    >
                      {r.name}
                    </Typography>
                  </>
                ),
              },
              {
                title: 'State',
                field: 'state',
                cellStyle: wordCell,
                render: r => <PhaseStatus phase={r.state} text={r.state} />,
              },
              {
                title: 'Started',
                cellStyle: wordCell,
                render: r => <EventTime iso={r.startTime} />,
              },
              {
                title: 'Finished',
                cellStyle: wordCell,
                render: r => <EventTime iso={r.completionTime} />,
              },
              {
                title: 'Logs',
                sorting: false,
                cellStyle: wordCell,
                // Runs read from the state store's history (gitops) have a commit, no pod logs.
                render: r =>
                  r.commit ? (
                    <Typography variant="body2" title={r.message}>
                      commit {r.commit.slice(0, 12)}
                    </Typography>
                  ) : (
                    <PipelineLogsPermission platform={d.platform} run={r}>
                      <PipelineLogsButton
                        platform={d.platform}
                        namespace={r.namespace}
                        run={r.name}
                      />
                    </PipelineLogsPermission>
                  ),
              },
            ]}
            data={d.pipelineRuns.map(r => ({ ...r }))}
          />
        )}
      </InfoCard>
    </Grid>
  );
}
