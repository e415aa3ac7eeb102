export * from './useKratixLive';
export * from './useReloadableAsync';
