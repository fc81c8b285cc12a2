export * from './connection.js';
export * from './messages.js';
export * from './names.js';
export * from './topology.js';
export * from './publish.js';
export * from './heartbeat.js';
export * from './job-api.js';
export * from './logging.js';
