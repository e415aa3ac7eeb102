export * from './kratixFields';
