export * from './readPromiseApi';
