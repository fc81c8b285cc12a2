export { loadWorkerConfig, type WorkerConfig } from './config.js';
export { dedicatedSettings, depsCacheOf, startWorker, type RunningWorker } from './worker.js';
export * from './sandboxes/index.js';
export { DepsCache, DependencyInstallError, depsKey, type DepsLease } from './deps/index.js';
