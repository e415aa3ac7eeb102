export * from './types';
export * from './entityNames';
export { kratixLocationRef } from './kratixLocation';
export { labelToTag, labelsToTags } from './tags';
export * from './promiseStatusAnnotation';
export * from './platformToEntity';
export * from './promiseToEntity';
export * from './requestToEntity';
export * from './destinationToEntity';
