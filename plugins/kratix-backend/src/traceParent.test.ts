import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { eventually } from '@kratix-backstage/plugin-kratix-node/testUtils';
import { fakeKubernetesPlatform } from './__testUtils__/fakeKubernetesPlatform';
import { startKratixBackend } from './__testUtils__/startKratixBackend';

jest.setTimeout(30_000);

// Kratix HEAD internal/telemetry/tracing.go writes the request's W3C traceparent in the
// kratix.io/trace-parent annotation; the request page links it to a trace viewer, so the
// detail the backend serves must carry it.
const TRACE_PARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('a traced request (kubernetes platform)', () => {
  const kube = fakeKubernetesPlatform({ token: 'sa-token' });

  it('serves the request with its kratix.io/trace-parent annotation', async () => {
    const ci = kube.fake
      .list('marketplace.kratix.io/v1alpha1', 'jenkins')
      .find(r => r.metadata.name === 'ci')!;
    kube.fake.put({
      ...ci,
      metadata: {
        ...ci.metadata,
        annotations: {
          ...ci.metadata.annotations,
          'kratix.io/trace-parent': TRACE_PARENT,
        },
      },
    });
    const backend = await startKratixBackend([kube.platform]);
    const read = () =>
      request(backend)
        .get(
          '/api/kratix/platforms/prod/promises/jenkins/requests/team-checkout/ci',
        )
        .set('Authorization', mockCredentials.user.header());
    // The watch cache sees the change a moment after the API server makes it.
    await eventually(
      async () =>
        (
          await read()
        ).body.request?.metadata.annotations?.['kratix.io/trace-parent'] ===
        TRACE_PARENT,
    );
    const res = await read();
    expect(res.status).toBe(200);
    expect(res.body.request.metadata.annotations).toEqual(
      expect.objectContaining({ 'kratix.io/trace-parent': TRACE_PARENT }),
    );
    // Agents read the trace ids through kratix:get-request.
    const action = await request(backend)
      .post(
        `/api/kratix/.backstage/actions/v1/actions/${encodeURIComponent(
          'kratix:get-request',
        )}/invoke`,
      )
      .set('Authorization', mockCredentials.user.header())
      .send({ promise: 'jenkins', namespace: 'team-checkout', name: 'ci' });
    expect(action.status).toBe(200);
    expect(action.body.output.trace).toEqual({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
    });
  });
});
