export * from './kubernetes';
export * from './constants';
export * from './Promise';
export * from './Destination';
export * from './Work';
export * from './versioning';
export * from './ResourceRequest';
export * from './canonicalJson';
