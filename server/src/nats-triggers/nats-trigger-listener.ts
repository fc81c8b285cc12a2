import { randomUUID } from 'node:crypto';
import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { Msg, Subscription } from '@nats-io/nats-core';
import { DataSource } from 'typeorm';
import { ErrorCode, RunnelError, errorName } from '../common/errors.js';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../common/json-depth.js';
import { FlowOrchestrator } from '../flows/flow-orchestrator.js';
import { jobError, type RunOptions } from '../jobs/job-row.js';
import { JobsService } from '../jobs/jobs.service.js';
import { NATS } from '../nats/nats-token.js';
import type { Nats } from '../nats/nats.js';
import { fullSubjects, subjectMatches } from './subjects.js';
import { sqlState, type NatsTriggerRow } from './nats-trigger-row.js';

/** How much of a message that is not JSON is kept in the failed job's arguments. */
const RAW_PREVIEW_CHARS = 4096;

class InvalidTriggerMessage extends Error {}

/**
 * Serves NATS triggers on every server replica. Each trigger's subjects are subscribed inside its
 * workspace's namespace (docs/adr/0012-nats-subjects-per-workspace.md) with a core NATS queue group
 * named after the trigger, so each message goes to one replica and starts one job
 * (docs/adr/0006-nats-triggers.md). The table is the truth: a replica reloads it when a
 * change is announced on `<prefix>.nats_triggers.changed` and after a reconnect (announcements
 * sent while it was away are lost), and re-reads the trigger's row for every message, so a
 * trigger that was just disabled or retargeted never fires its old self.
 */
@Injectable()
export class NatsTriggerListener implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('NatsTriggers');
  /** Trigger id → its subscriptions and the subjects they were made for. */
  private readonly active = new Map<string, { key: string; subs: Subscription[] }>();
  private readonly inflight = new Set<Promise<void>>();
  private reloading: Promise<void> = Promise.resolve();
  private announcements: Subscription | undefined;
  private stopped = false;

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(NATS) private readonly nats: Nats,
    @Inject(JobsService) private readonly jobs: JobsService,
    @Inject(FlowOrchestrator) private readonly flows: FlowOrchestrator,
  ) {}

  private get changedSubject() {
    return this.nats.names.natsTriggersChangedSubject;
  }

  /** After every module's init: a message may start a flow, which needs the orchestrator ready. */
  async onApplicationBootstrap(): Promise<void> {
    this.announcements = this.nats.nc.subscribe(this.changedSubject, { callback: () => void this.reload() });
    void this.watchReconnects();
    await this.reload();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.announcements?.unsubscribe();
    for (const { subs } of this.active.values()) for (const sub of subs) sub.unsubscribe();
    this.active.clear();
    await Promise.allSettled([...this.inflight]);
  }

  /**
   * Called after a change to the table committed: this replica at once, the others through NATS.
   * The announcement is flushed before the caller answers, so a replica that dies right after
   * answering has still told the others.
   */
  async changed(): Promise<void> {
    await this.reload();
    this.nats.nc.publish(this.changedSubject);
    await this.nats.nc.flush();
  }

  /** Reloads are serialized; each is one query and a diff of subscriptions. Never rejects: a failure is logged. */
  reload(): Promise<void> {
    this.reloading = this.reloading
      .then(() => this.apply())
      .catch((err: Error) => this.logger.error(`reloading NATS triggers failed: ${err.message}`));
    return this.reloading;
  }

  private async apply(): Promise<void> {
    if (this.stopped) return;
    const rows: { id: string; workspace_id: string; subjects: string[] }[] = await this.db.query(
      'SELECT id, workspace_id, subjects FROM nats_trigger WHERE enabled',
    );
    const wanted = new Map(rows.map((r) => [r.id, fullSubjects(this.nats.names, r)]));
    for (const [id, subjects] of wanted) {
      const key = subjects.join('\n');
      const current = this.active.get(id);
      if (current?.key === key) continue;
      // Subscribe anew before dropping the old subscriptions: a changed trigger misses nothing.
      const queue = `${this.nats.names.prefix}_nats_trigger_${id}`;
      const subs = subjects.map((subject) =>
        this.nats.nc.subscribe(subject, {
          queue,
          callback: (err, msg) => {
            if (!err) this.receive(id, msg);
          },
        }),
      );
      current?.subs.forEach((sub) => sub.unsubscribe());
      this.active.set(id, { key, subs });
    }
    for (const [id, { subs }] of this.active) {
      if (wanted.has(id)) continue;
      subs.forEach((sub) => sub.unsubscribe());
      this.active.delete(id);
    }
    // Once the server has the subscriptions, a message published after this returns is served.
    await this.nats.nc.flush();
  }

  private async watchReconnects(): Promise<void> {
    for await (const status of this.nats.nc.status()) {
      if (this.stopped) return;
      if (status.type === 'reconnect') void this.reload();
    }
  }

  private receive(id: string, msg: Msg): void {
    const work = this.handle(id, msg)
      .catch((err: Error) =>
        // Core NATS cannot redeliver: say loudly which message was lost (see the ADR).
        this.logger.error(`NATS trigger ${id}: message on "${msg.subject}" lost: ${err.message}`),
      )
      .finally(() => this.inflight.delete(work));
    this.inflight.add(work);
  }

  private async handle(id: string, msg: Msg): Promise<void> {
    const [trigger]: NatsTriggerRow[] = await this.db.query('SELECT * FROM nats_trigger WHERE id = $1 AND enabled', [
      id,
    ]);
    // Disabled, deleted or retargeted since this replica subscribed: not this trigger's message any more.
    if (!trigger || !fullSubjects(this.nats.names, trigger).some((pattern) => subjectMatches(pattern, msg.subject)))
      return;
    const options: RunOptions = { trigger: { kind: 'nats', path: trigger.path } };
    let jobId: string;
    let args: Record<string, unknown> | undefined;
    try {
      args = parseMessage(msg);
      jobId = trigger.is_flow
        ? await this.flows.run(trigger.workspace_id, trigger.created_by, { path: trigger.script_path }, args, options)
        : await this.jobs.runScript(
            trigger.workspace_id,
            trigger.created_by,
            { path: trigger.script_path },
            args,
            options,
          );
    } catch (err) {
      // The message or the target is at fault (not JSON, arguments that do not fit, a script
      // removed): the user sees it as a failed job. Anything else is infrastructure and thrown.
      if (err instanceof InvalidTriggerMessage) {
        jobId = await this.recordFailure(trigger, 'InvalidTriggerMessage', err.message, {
          subject: msg.subject,
          raw: preview(msg),
        });
      } else if (sqlState(err)?.startsWith('22')) {
        // PostgreSQL's data exceptions: a value it cannot store, such as a NUL in a string.
        jobId = await this.recordFailure(trigger, 'InvalidTriggerMessage', (err as Error).message, {
          subject: msg.subject,
          raw: preview(msg),
        });
      } else if (err instanceof RunnelError && err.code !== ErrorCode.Internal && err.code !== ErrorCode.Unavailable) {
        jobId = await this.recordFailure(trigger, errorName(err.code), err.message, args ?? {});
      } else {
        throw err;
      }
    }
    if (msg.reply) msg.respond(jobId);
  }

  /** A job that failed before it could start, so the message is seen rather than dropped. */
  private async recordFailure(trigger: NatsTriggerRow, name: string, message: string, args: unknown): Promise<string> {
    const id = randomUUID();
    await this.db.query(
      `INSERT INTO job (id, workspace_id, kind, script_path, language, args, tag, timeout_s, status, result,
         created_by, started_at, completed_at, duration_ms, published_at, trigger_kind, trigger_path)
       VALUES ($1, $2, 'trigger_error', $3, 'trigger', $4, 'trigger', 0, 'failure', $5, $6,
         clock_timestamp(), clock_timestamp(), 0, clock_timestamp(), 'nats', $7)`,
      [
        id,
        trigger.workspace_id,
        trigger.script_path,
        JSON.stringify(args),
        JSON.stringify(jobError(name, `NATS trigger ${trigger.path}: ${message}`)),
        trigger.created_by,
        trigger.path,
      ],
    );
    // Born failed: no worker or `done` announces it, so lists of runs are told here.
    this.nats.nc.publish(this.nats.names.jobCreatedSubject(id));
    return id;
  }
}

/** The message's JSON object; an empty message means no arguments, like an empty webhook body. */
function parseMessage(msg: Msg): Record<string, unknown> {
  const text = msg.string();
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new InvalidTriggerMessage(`the message on "${msg.subject}" is not JSON: ${(err as Error).message}`);
  }
  if (nestsDeeperThan(value, MAX_JSON_DEPTH)) {
    throw new InvalidTriggerMessage(
      `the message on "${msg.subject}" nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep`,
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
    throw new InvalidTriggerMessage(
      `the message on "${msg.subject}" is JSON but ${got}, not an object whose fields are the arguments`,
    );
  }
  return value as Record<string, unknown>;
}

function preview(msg: Msg): string {
  // PostgreSQL's text cannot hold NUL; a binary message is shown as what UTF-8 makes of it.
  return msg.string().slice(0, RAW_PREVIEW_CHARS).replace(/\0/g, '\uFFFD');
}
