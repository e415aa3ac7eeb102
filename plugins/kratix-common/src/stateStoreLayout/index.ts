export * from './md5';
export * from './paths';
export * from './parseStorePath';
