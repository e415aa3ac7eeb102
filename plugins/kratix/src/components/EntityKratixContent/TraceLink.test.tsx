import { configApiRef } from '@backstage/core-plugin-api';
import {
  MockConfigApi,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { TraceLink } from './TraceLink';

// The W3C example traceparent, the form Kratix writes in kratix.io/trace-parent
// (Kratix HEAD internal/telemetry/tracing.go TraceParentAnnotation).
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';
const traced = {
  annotations: { 'kratix.io/trace-parent': `00-${TRACE_ID}-${SPAN_ID}-01` },
};

async function render(
  metadata: { annotations?: Record<string, string> },
  kratix: Record<string, string>,
) {
  return renderInTestApp(
    <TestApiProvider apis={[[configApiRef, new MockConfigApi({ kratix })]]}>
      <div data-testid="trace">
        <TraceLink metadata={metadata} />
      </div>
    </TestApiProvider>,
  );
}

describe('TraceLink', () => {
  it('links to the trace when the request carries one and a viewer is configured', async () => {
    await render(traced, {
      traceViewerUrl:
        'https://jaeger.example.com/trace/{traceId}?uiFind={spanId}',
    });
    expect(
      screen.getByRole('link', { name: /view its trace/i }),
    ).toHaveAttribute(
      'href',
      `https://jaeger.example.com/trace/${TRACE_ID}?uiFind=${SPAN_ID}`,
    );
  });

  it('shows nothing without a configured viewer', async () => {
    await render(traced, {});
    expect(screen.getByTestId('trace')).toBeEmptyDOMElement();
  });

  it('shows nothing without a valid trace-parent annotation', async () => {
    const kratix = {
      traceViewerUrl: 'https://jaeger.example.com/trace/{traceId}',
    };
    await render({}, kratix);
    expect(screen.getByTestId('trace')).toBeEmptyDOMElement();
    await render(
      {
        annotations: {
          'kratix.io/trace-parent': `00-${'0'.repeat(32)}-${SPAN_ID}-01`,
        },
      },
      kratix,
    );
    expect(screen.getAllByTestId('trace')[1]).toBeEmptyDOMElement();
  });
});
