import type { paths } from '$openapi/api-types';

/** A worker group as GET /api/workers gives it. */
export type WorkerGroup =
  paths['/api/workers']['get']['responses'][200]['content']['application/json']['groups'][number];
