export * from './types';
export * from './dryRunObject';
export * from './parseDryRunSummary';
export * from './dryRunPreview';
