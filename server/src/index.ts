export { startServer, type RunningServer } from './app.js';
export { loadServerConfig, type ServerConfig } from './common/config.js';
