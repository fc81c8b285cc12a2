import { ajv, decodeValidated } from './messages.js';

/** How often a worker says it is alive, unless WORKER_HEARTBEAT_MS says otherwise. */
export const DEFAULT_HEARTBEAT_MS = 5_000;
/** Beats a worker may miss before servers drop it from the live set. */
export const MISSED_BEATS = 3;

/**
 * What a worker publishes on `workersHeartbeatSubject` every `interval_ms` (core NATS, nothing
 * stored): servers keep the live set in memory. `stopping` is its last beat, on a clean stop.
 */
export interface WorkerHeartbeat {
  name: string;
  groups: string[];
  slots: { used: number; total: number };
  version: string;
  started_at: string;
  interval_ms: number;
  stopping?: boolean;
}

const validateHeartbeat = ajv.compile<WorkerHeartbeat>({
  type: 'object',
  required: ['name', 'groups', 'slots', 'version', 'started_at', 'interval_ms'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 256 },
    groups: { type: 'array', items: { type: 'string' }, maxItems: 100 },
    slots: {
      type: 'object',
      required: ['used', 'total'],
      properties: { used: { type: 'integer', minimum: 0 }, total: { type: 'integer', minimum: 0 } },
    },
    version: { type: 'string', maxLength: 64 },
    started_at: { type: 'string', maxLength: 64 },
    interval_ms: { type: 'integer', minimum: 1 },
    stopping: { type: 'boolean' },
  },
});

export function encodeHeartbeat(beat: WorkerHeartbeat): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(beat));
}

export function decodeHeartbeat(data: Uint8Array): WorkerHeartbeat {
  return decodeValidated(data, validateHeartbeat, 'worker heartbeat');
}
