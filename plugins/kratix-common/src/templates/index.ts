export * from './schemaToFormSchema';
export * from './generateTemplate';
export * from './formValueErrors';
export * from './freeFormValue';
export * from './dryRunPreviewField';
