export { loadWorkerConfig, type WorkerConfig } from './config.js';
export { startWorker, type RunningWorker } from './worker.js';
export * from './sandboxes/index.js';
