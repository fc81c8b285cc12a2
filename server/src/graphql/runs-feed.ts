import type { Access } from '../auth/path-access.js';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Subscription } from '@nats-io/nats-core';
import { DataSource } from 'typeorm';
import { filterSql, SUMMARY_SELECT, type JobFilter, type JobSummary } from '../jobs/job-list.js';
import { isJobId } from '../jobs/job-row.js';
import { NATS } from '../nats/nats-token.js';
import type { Nats } from '../nats/nats.js';
import { Channel } from './channel.js';
import { toGraphQLError } from './gql-errors.js';

/** Announcements heard within this window are read together: one query per watched list. */
const BATCH_MS = 100;

/** Watchers of one (workspace, filter): they share its query. */
interface Watch {
  where: string;
  params: unknown[];
  channels: Set<Channel<JobSummary>>;
}

/**
 * Live lists of runs (the `runsChanged` subscription), correct on any replica. While anyone
 * watches, this replica listens on core NATS to every job's `created`, `updated` and `done`
 * announcement (`jobCreatedSubject` and the others in protocol/src/names.ts); they carry only a
 * job id. The ids heard in a short window are read in one query per watched (workspace, filter),
 * with the WHERE clause of `jobs/runs` itself (job-list.ts): a row of another workspace, or one
 * the filter leaves out, never leaves PostgreSQL for a watcher, and the filters cannot drift from
 * the list's.
 */
@Injectable()
export class RunsFeed implements OnApplicationShutdown {
  private readonly logger = new Logger(RunsFeed.name);
  private readonly watches = new Map<string, Watch>();
  private subs: Subscription[] = [];
  private pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  /** Reads run one after another, so a watcher never gets a row older than one it already has. */
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(NATS) private readonly nats: Nats,
  ) {}

  /**
   * The runs of `workspace` that match `filter`, each time one is queued, starts or ends: the
   * row as a list shows it. A filter the list would refuse is refused here, with its message.
   */
  watch(access: Access, filter: JobFilter): AsyncIterableIterator<JobSummary> {
    const { where, params } = filterSql(access, filter);
    const key = JSON.stringify([where, params]);
    let watch = this.watches.get(key);
    if (!watch) {
      watch = { where, params, channels: new Set() };
      this.watches.set(key, watch);
    }
    const channel = new Channel<JobSummary>();
    watch.channels.add(channel);
    channel.onClose(() => {
      watch.channels.delete(channel);
      if (watch.channels.size === 0) this.watches.delete(key);
      if (this.watches.size === 0) this.stopListening();
    });
    this.listen();
    return channel;
  }

  onApplicationShutdown(): void {
    this.stopListening();
  }

  private listen(): void {
    if (this.subs.length) return;
    const { nc, names } = this.nats;
    const heard = (subject: string) => {
      const id = subject.slice(subject.lastIndexOf('.') + 1);
      // Anyone on NATS may publish here: only a job id goes on into a query.
      if (!isJobId(id)) return;
      this.pending.add(id);
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        this.flushing = this.flushing.then(() => this.flush());
      }, BATCH_MS);
    };
    this.subs = [names.jobCreatedSubject('*'), names.jobUpdatedSubject('*'), names.doneSubject('*')].map((subject) =>
      nc.subscribe(subject, {
        callback: (err, msg) => {
          if (!err) heard(msg.subject);
        },
      }),
    );
  }

  private stopListening(): void {
    for (const sub of this.subs.splice(0)) sub.unsubscribe();
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
  }

  private async flush(): Promise<void> {
    const ids = [...this.pending];
    this.pending.clear();
    if (ids.length === 0) return;
    await Promise.all(
      [...this.watches.values()].map(async (watch) => {
        try {
          const rows: JobSummary[] = await this.db.query(
            `SELECT ${SUMMARY_SELECT} FROM job WHERE ${watch.where} AND id = ANY($${watch.params.length + 1}::uuid[])
             ORDER BY created_at, id`,
            [...watch.params, ids],
          );
          for (const channel of watch.channels) for (const row of rows) channel.push(row);
        } catch (err) {
          this.logger.warn(`cannot read changed runs: ${(err as Error).message}`);
          for (const channel of watch.channels) channel.fail(toGraphQLError(err));
        }
      }),
    );
  }
}
