export * from './traceParent';
