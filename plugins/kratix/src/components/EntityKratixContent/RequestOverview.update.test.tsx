import { alertApiRef, configApiRef } from '@backstage/core-plugin-api';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  MockConfigApi,
  MockPermissionApi,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { fireEvent, screen } from '@testing-library/react';
import { kratixApiRef } from '../../api/KratixApi';
import { fakeKratixApi } from '../../__testUtils__/fakeKratixApi';
import { RequestOverview } from './RequestOverview';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

const detail: any = {
  platform: 'easyeaty',
  promise: 'jenkins',
  name: 'ci',
  namespace: 'team-checkout',
  apiVersion: 'marketplace.kratix.io/v1alpha1',
  kind: 'jenkins',
  phase: 'Ready',
  status: {
    phase: 'Ready',
    conditions: [],
    workflow: { pipelines: [], source: 'pipelines' },
    catchUp: { updating: false, neverObserved: false },
    health: { state: 'unknown', records: [], source: 'none' },
    pipelineWritten: { values: {}, conditions: [], links: [] },
  },
  conditions: [],
  landed: [],
  subRequests: [],
  pipelineRuns: [],
  request: {
    apiVersion: 'marketplace.kratix.io/v1alpha1',
    kind: 'jenkins',
    metadata: {
      name: 'ci',
      namespace: 'team-checkout',
      // Kratix HEAD internal/telemetry/tracing.go TraceParentAnnotation.
      annotations: {
        'kratix.io/trace-parent': `00-${TRACE_ID}-00f067aa0ba902b7-01`,
      },
    },
    spec: { env: 'dev', agents: 2 },
  },
};

async function render(
  permission: AuthorizeResult.ALLOW | AuthorizeResult.DENY,
) {
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [
          kratixApiRef,
          fakeKratixApi({
            getRequest: async () => detail,
            getPromise: async () => ({ promise: undefined } as any),
          }),
        ],
        [permissionApiRef, new MockPermissionApi(() => permission)],
        [alertApiRef, { post: jest.fn(), alert$: jest.fn() } as any],
        [
          configApiRef,
          new MockConfigApi({
            kratix: {
              traceViewerUrl: 'https://jaeger.example.com/trace/{traceId}',
            },
          }),
        ],
      ]}
    >
      <RequestOverview
        platform="easyeaty"
        promise="jenkins"
        namespace="team-checkout"
        name="ci"
      />
    </TestApiProvider>,
  );
}

describe('RequestOverview: update and trace', () => {
  it('offers Update to whoever may manage the request, opening its form', async () => {
    await render(AuthorizeResult.ALLOW);
    fireEvent.click(await screen.findByRole('button', { name: 'Update' }));
    expect(
      await screen.findByRole('dialog', { name: 'Update team-checkout/ci' }),
    ).toBeInTheDocument();
  });

  it('offers no Update to others, and links the trace for everyone', async () => {
    await render(AuthorizeResult.DENY);
    const trace = await screen.findByRole('link', { name: /view its trace/i });
    expect(trace).toHaveAttribute(
      'href',
      `https://jaeger.example.com/trace/${TRACE_ID}`,
    );
    expect(screen.queryByRole('button', { name: 'Update' })).toBeNull();
  });
});
