export * from './revisions';
export * from './schemaDiff';
export * from './documentDiff';
export * from './revisionDiff';
export * from './revisionsResponse';
