export type * from './flow.js';
export {
  flowSchema,
  validateFlow,
  MODULE_TYPES,
  LANGUAGES,
  type FlowValidation,
  type FlowValidationError,
} from './validate-flow.js';
export { openapiDocumentPath, readOpenApiDocument } from './document.js';
export type * from './api-types.js';
export { createRunnelClient, type RunnelClient, type RunnelSchemas } from './client.js';
