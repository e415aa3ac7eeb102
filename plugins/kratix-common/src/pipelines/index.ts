export * from './pipelineRunFromJob';
