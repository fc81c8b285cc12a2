export type * from './flow.js';
export {
  flowSchema,
  validateFlow,
  MODULE_TYPES,
  LANGUAGES,
  type FlowValidation,
  type FlowValidationError,
} from './validate-flow.js';
