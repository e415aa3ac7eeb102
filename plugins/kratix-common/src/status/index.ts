export * from './conditions';
export * from './generation';
export * from './readPipelinePhases';
export * from './readHealth';
export * from './readPipelineWrittenStatus';
export * from './readRequestStatus';
export * from './readPromiseStatus';
export * from './readReadiness';
