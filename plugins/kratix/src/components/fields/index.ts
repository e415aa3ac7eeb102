export * from './kratixFields';
export * from './KratixClusterCredentials';
