export { default as SchemaForm } from './SchemaForm.svelte';
export { buildModel, type FieldModel, type JsonSchema } from './schema-model.js';
export { checkForm, createValidator, errorsFromResponse } from './validation.js';
export { initialValues, toArgs, type FieldErrors, type FormValues } from './values.js';
