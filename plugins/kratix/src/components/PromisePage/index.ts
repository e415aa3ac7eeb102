export { PromisePage, PromiseView } from './PromisePage';
export { RequiredPromiseGraph } from './RequiredPromiseGraph';
export { SchemaTree } from './SchemaTree';
