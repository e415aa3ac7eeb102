export interface Config {
  /** Configuration of the Kratix for Backstage suite. */
  kratix?: {
    /**
     * (Optional) The URL of a request's trace in your trace viewer, for requests Kratix traces
     * (the `kratix.io/trace-parent` annotation). `{traceId}` and `{spanId}` are replaced, e.g.
     * `https://jaeger.example.com/trace/{traceId}`. Without it the request page links no trace.
     * @visibility frontend
     */
    traceViewerUrl?: string;
  };
}
