export * from './schemaToFormSchema';
export * from './generateTemplate';
