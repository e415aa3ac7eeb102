export * from './kratixFields';
export * from './KratixClusterCredentials';
export * from './KratixTextField';
export * from './KratixKeyValueField';
export * from './KratixDryRunPreview';
