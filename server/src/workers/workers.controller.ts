import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ErrorCode, RunnelError } from '../common/errors.js';
import { NATS } from '../nats/nats-token.js';
import type { Nats } from '../nats/nats.js';
import { Api } from '../common/api-docs.js';
import { WorkerRegistry } from './worker-registry.js';

const workerSchema = {
  type: 'object',
  required: ['name', 'groups', 'slots_used', 'slots_total', 'version', 'started_at', 'last_heartbeat'],
  properties: {
    name: { type: 'string', description: "WORKER_NAME; a job's `worker`." },
    groups: { type: 'array', items: { type: 'string' } },
    slots_used: { type: 'integer', description: 'Jobs it runs now, across its groups.' },
    slots_total: { type: 'integer', description: 'WORKER_CONCURRENCY.' },
    version: { type: 'string' },
    started_at: { type: 'string', format: 'date-time' },
    last_heartbeat: { type: 'string', format: 'date-time' },
  },
} as const;

const workersSchema = {
  type: 'object',
  required: ['groups'],
  properties: {
    groups: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'pending', 'ack_pending', 'workers'],
        properties: {
          name: { type: 'string', description: "The worker group (a script's `tag`)." },
          pending: { type: 'integer', description: 'Jobs waiting in its queue for a worker.' },
          ack_pending: { type: 'integer', description: 'Jobs handed to a worker and not finished yet.' },
          workers: { type: 'array', items: workerSchema },
        },
      },
    },
  },
} as const;

/** Worker groups with their queues (JetStream) and the live workers of each (heartbeats). */
@ApiTags('workers')
@Controller('api/workers')
export class WorkersController {
  constructor(
    @Inject(WorkerRegistry) private readonly registry: WorkerRegistry,
    @Inject(NATS) private readonly nats: Nats,
  ) {}

  @Api({
    id: 'listWorkerGroups',
    summary: 'Worker groups, their queue depth and live workers',
    description:
      'Every group with a queue (a durable consumer) or a live worker. A worker is live while its heartbeats arrive (every WORKER_HEARTBEAT_MS; gone after 3 missed). Any signed-in user.',
    ok: { 200: { description: 'The groups, by name.', json: workersSchema } },
    errors: [503],
  })
  @Get()
  async list() {
    const live = this.registry.live();
    const queues = await this.queues();
    const names = new Set([...queues.keys(), ...live.flatMap((w) => w.groups)]);
    return {
      groups: [...names].sort().map((name) => ({
        name,
        pending: queues.get(name)?.pending ?? 0,
        ack_pending: queues.get(name)?.ack_pending ?? 0,
        workers: live
          .filter((w) => w.groups.includes(name))
          .map((w) => ({
            name: w.name,
            groups: w.groups,
            slots_used: w.slots.used,
            slots_total: w.slots.total,
            version: w.version,
            started_at: w.started_at,
            last_heartbeat: w.last_heartbeat,
          })),
      })),
    };
  }

  /** Each group's durable consumer (protocol/src/topology.ts): messages not yet delivered, and delivered but not acked. */
  private async queues(): Promise<Map<string, { pending: number; ack_pending: number }>> {
    const { jsm, names } = this.nats;
    const subjectOf = names.jobsSubject('');
    const out = new Map<string, { pending: number; ack_pending: number }>();
    try {
      for await (const info of jsm.consumers.list(names.jobsStream)) {
        const subject = info.config.filter_subject ?? '';
        const tag = subject.slice(subjectOf.length);
        if (!subject.startsWith(subjectOf) || info.name !== names.groupConsumer(tag)) continue;
        out.set(tag, { pending: info.num_pending, ack_pending: info.num_ack_pending });
      }
    } catch (err) {
      throw new RunnelError(ErrorCode.Unavailable, `cannot read the queues from NATS: ${(err as Error).message}`);
    }
    return out;
  }
}
