export { DepsCache, DependencyInstallError, depsKey, type DepsCacheOptions, type DepsLease } from './cache.js';
export { parseSize } from './size.js';
export { DepsPrefetcher } from './prefetch.js';
