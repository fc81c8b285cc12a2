import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Subscription } from '@nats-io/nats-core';
import { DataSource } from 'typeorm';
import { NATS } from '../nats/nats-token.js';
import type { Nats } from '../nats/nats.js';
import type { HttpTriggerRow } from './http-trigger-row.js';
import { RouteTree, parseRoute, requestSegments } from './route-pattern.js';

/** A safety net: a replica that missed an announcement (NATS reconnecting) catches up within this. */
const RELOAD_EVERY_MS = 60_000;

/**
 * Every replica keeps the HTTP routes in memory, so serving `/api/r/{workspace}/…` never asks
 * PostgreSQL which route matches. Each workspace has its own tree, chosen by the URL's first
 * segment before any matching: a route can only ever see requests addressed to its own workspace
 * (docs/adr/0011-workspace-routes.md). The table is loaded at start; a replica that changes a trigger reloads
 * its own table before answering, then announces `<prefix>.http_triggers.changed`, on which
 * every other replica reloads (the whole table: routes are few, and a full read cannot miss or
 * misorder a change).
 */
@Injectable()
export class RouteTable implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('HttpRoutes');
  private trees = new Map<string, RouteTree<HttpTriggerRow>>();
  private sub: Subscription | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** Reloads run one at a time; requests for one while one runs are merged into one more. */
  private loading: Promise<void> | undefined;
  private pending: Promise<void> | undefined;
  private listeners: ((rows: HttpTriggerRow[]) => void)[] = [];

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(NATS) private readonly nats: Nats,
  ) {}

  private get subject() {
    return this.nats.names.httpTriggersChangedSubject;
  }

  async onModuleInit(): Promise<void> {
    this.sub = this.nats.nc.subscribe(this.subject, {
      callback: (err) => {
        if (!err) void this.reload().catch((e: Error) => this.logger.error(`reloading routes: ${e.message}`));
      },
    });
    await this.reload();
    this.timer = setInterval(
      () => void this.reload().catch((e: Error) => this.logger.error(`reloading routes: ${e.message}`)),
      RELOAD_EVERY_MS,
    );
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
    this.sub?.unsubscribe();
  }

  /**
   * Called after a committed change: this replica is up to date when it returns; the others follow.
   * The announcement is flushed first, so it is not lost with a replica that dies after answering.
   */
  async changed(): Promise<void> {
    await this.reload();
    this.nats.nc.publish(this.subject);
    await this.nats.nc.flush();
  }

  /** Called with the rows after every reload (the rate limiter forgets deleted routes). */
  onReload(listener: (rows: HttpTriggerRow[]) => void): void {
    this.listeners.push(listener);
  }

  /** The trigger serving a request and the route's parameters; undefined: no such route. */
  match(method: string, url: string): { trigger: HttpTriggerRow; params: Record<string, string> } | undefined {
    const [workspace, ...parts] = requestSegments(url) ?? [];
    const found = workspace !== undefined && this.trees.get(workspace)?.match(method.toLowerCase(), parts);
    return found ? { trigger: found.value, params: found.params } : undefined;
  }

  private reload(): Promise<void> {
    if (!this.loading) {
      this.loading = this.load().finally(() => (this.loading = undefined));
      return this.loading;
    }
    // One is running and may have read the table before the change: run once more after it.
    this.pending ??= this.loading
      .catch(() => undefined)
      .then(() => {
        this.pending = undefined;
        return this.reload();
      });
    return this.pending;
  }

  private async load(): Promise<void> {
    const rows: HttpTriggerRow[] = await this.db.query('SELECT * FROM http_trigger');
    const trees = new Map<string, RouteTree<HttpTriggerRow>>();
    for (const row of rows) {
      let tree = trees.get(row.workspace_id);
      if (!tree) trees.set(row.workspace_id, (tree = new RouteTree<HttpTriggerRow>()));
      tree.add(row.http_method, parseRoute(row.route_path), row);
    }
    this.trees = trees;
    for (const listener of this.listeners) listener(rows);
  }
}
