import { KRATIX_LABELS } from '../model/constants';
import { ObjectMeta } from '../model/kubernetes';

/** The ids a W3C `traceparent` carries. @public */
export interface TraceParent {
  /** 32 lower-case hex digits, not all zero. */
  traceId: string;
  /** 16 lower-case hex digits (the parent span), not all zero. */
  spanId: string;
  /** 2 hex digits; bit 0 is "sampled". */
  flags: string;
}

// Version 00 of https://www.w3.org/TR/trace-context/#traceparent-header, the only version
// Kratix writes (internal/telemetry/tracing.go injects with OpenTelemetry's TraceContext
// propagator): exactly four dash-separated fields of lower-case hex.
const TRACE_PARENT_V00 = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/**
 * Reads a W3C `traceparent` value (`00-<trace id>-<span id>-<flags>`). Undefined for anything
 * else, and for an all-zero trace or span id, which the specification calls invalid (Kratix
 * starts a new trace rather than continue such a parent).
 * @public
 */
export function parseTraceParent(value: unknown): TraceParent | undefined {
  if (typeof value !== 'string') return undefined;
  const match = TRACE_PARENT_V00.exec(value.trim());
  if (!match) return undefined;
  const [, traceId, spanId, flags] = match;
  if (/^0+$/.test(traceId) || /^0+$/.test(spanId)) return undefined;
  return { traceId, spanId, flags };
}

/**
 * The trace an object carries in its `kratix.io/trace-parent` annotation (Kratix HEAD
 * internal/telemetry/tracing.go TraceParentAnnotation; Kratix v0.125.0 writes none).
 * @public
 */
export function traceParentOf(
  metadata: Pick<ObjectMeta, 'annotations'> | undefined,
): TraceParent | undefined {
  return parseTraceParent(metadata?.annotations?.[KRATIX_LABELS.traceParent]);
}

/**
 * The link to a trace from a URL template such as
 * `https://jaeger.example.com/trace/{traceId}`: `{traceId}` and `{spanId}` are replaced
 * (every occurrence). Undefined without a template, or when it names neither placeholder (a
 * link that cannot point at this trace is no link).
 * @public
 */
export function traceViewerUrl(
  template: string | undefined,
  trace: TraceParent,
): string | undefined {
  const t = template?.trim();
  if (!t || !/\{(traceId|spanId)\}/.test(t)) return undefined;
  return t
    .replace(/\{traceId\}/g, trace.traceId)
    .replace(/\{spanId\}/g, trace.spanId);
}
