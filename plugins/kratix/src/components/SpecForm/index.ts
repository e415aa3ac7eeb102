export { SpecForm } from './SpecForm';
export { toSpecFormSchema } from './specFormSchema';
export type { SpecFormSchema } from './specFormSchema';
export { inWords, placeErrors } from './specFormErrors';
export { SpecEditor } from './SpecEditor';
export { readDraft } from './specDraft';
export type { SpecDraft } from './specDraft';
