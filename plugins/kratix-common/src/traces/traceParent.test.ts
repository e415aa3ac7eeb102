import { parseTraceParent, traceParentOf, traceViewerUrl } from './traceParent';

// The example of https://www.w3.org/TR/trace-context/#examples-of-http-traceparent-headers,
// the form Kratix writes in kratix.io/trace-parent (HEAD internal/telemetry/tracing.go).
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';
const VALUE = `00-${TRACE_ID}-${SPAN_ID}-01`;

describe('parseTraceParent', () => {
  it('reads the trace id, span id and flags of a version 00 traceparent', () => {
    expect(parseTraceParent(VALUE)).toEqual({
      traceId: TRACE_ID,
      spanId: SPAN_ID,
      flags: '01',
    });
  });

  it.each([
    ['no value', undefined],
    ['a non-string', 42],
    ['an empty string', ''],
    ['an all-zero trace id', `00-${'0'.repeat(32)}-${SPAN_ID}-01`],
    ['an all-zero span id', `00-${TRACE_ID}-${'0'.repeat(16)}-01`],
    ['upper-case hex', `00-${TRACE_ID.toUpperCase()}-${SPAN_ID}-01`],
    ['a short trace id', `00-${TRACE_ID.slice(1)}-${SPAN_ID}-01`],
    ['a long span id', `00-${TRACE_ID}-${SPAN_ID}0-01`],
    ['another version', `01-${TRACE_ID}-${SPAN_ID}-01`],
    ['extra fields after version 00', `${VALUE}-extra`],
    ['missing flags', `00-${TRACE_ID}-${SPAN_ID}`],
    ['non-hex digits', `00-${TRACE_ID.replace('4', 'g')}-${SPAN_ID}-01`],
  ])('rejects %s', (_, value) => {
    expect(parseTraceParent(value)).toBeUndefined();
  });

  it('reads the annotation off an object', () => {
    expect(
      traceParentOf({ annotations: { 'kratix.io/trace-parent': VALUE } })
        ?.traceId,
    ).toBe(TRACE_ID);
    expect(traceParentOf({ annotations: {} })).toBeUndefined();
    expect(traceParentOf(undefined)).toBeUndefined();
  });
});

describe('traceViewerUrl', () => {
  const trace = parseTraceParent(VALUE)!;

  it('fills {traceId} and {spanId}, every occurrence', () => {
    expect(
      traceViewerUrl('https://jaeger.example.com/trace/{traceId}', trace),
    ).toBe(`https://jaeger.example.com/trace/${TRACE_ID}`);
    expect(
      traceViewerUrl(
        'https://t.example.com/{traceId}?span={spanId}&q={traceId}',
        trace,
      ),
    ).toBe(`https://t.example.com/${TRACE_ID}?span=${SPAN_ID}&q=${TRACE_ID}`);
  });

  it('gives no link without a template or one naming no placeholder', () => {
    expect(traceViewerUrl(undefined, trace)).toBeUndefined();
    expect(traceViewerUrl('  ', trace)).toBeUndefined();
    expect(
      traceViewerUrl('https://jaeger.example.com/', trace),
    ).toBeUndefined();
  });
});
