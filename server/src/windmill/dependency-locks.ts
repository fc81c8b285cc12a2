import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Language } from '@runnel/runtimes';
import { DataSource } from 'typeorm';
import { RunnelError, badRequest } from '../common/errors.js';
import { FlowsService } from '../flows/flows.service.js';
import { DependencyLocker } from '../scripts/dependencies.js';

/** How long a resolved lock waits for the CLI to fetch it. */
const KEPT_FOR = '1 hour';

export interface FlowDependencyLockRequest {
  flow_value: unknown;
  path?: string;
  raw_workspace_dependencies?: Record<string, string> | null;
}

export interface DependencyLockRequest {
  raw_scripts: { raw_code: string; language: Language; script_path?: string }[];
  raw_workspace_dependencies?: Record<string, string> | null;
  entrypoint?: string;
}

/** What Windmill's jobs_u/completed/get_result_maybe answers. */
export interface ResultMaybe {
  completed: boolean;
  success?: boolean;
  started?: boolean;
  result?: unknown;
}

/**
 * `wmill generate-metadata` asks Windmill to lock a script's imports by queueing a dependencies
 * job and polling its result. Runnel locks with the same resolver a deploy uses (its lock format,
 * so the lock the CLI writes equals the one the next deploy stores and a push finds it up to
 * date), at once, and keeps the answer under a job-like id for the CLI's poll (docs/adr/0047).
 */
@Injectable()
export class DependencyLocks {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(DependencyLocker) private readonly locker: DependencyLocker,
    @Inject(FlowsService) private readonly flows: FlowsService,
  ) {}

  /** Locks the entrypoint's imports; answers the id to poll. A package that cannot be resolved is a failed result. */
  async resolve(workspace: string, userId: string, input: DependencyLockRequest): Promise<string> {
    refuseWorkspaceDependencies(input.raw_workspace_dependencies);
    const script =
      input.raw_scripts.find((s) => s.script_path !== undefined && s.script_path === input.entrypoint) ??
      input.raw_scripts[0];
    if (!script) throw badRequest('raw_scripts: give the script to lock');
    return this.keep(workspace, userId, async () => {
      const lock = await this.locker.lockPreview(
        { language: script.language, content: script.raw_code, what: 'this script', field: 'raw_code' },
        this.locker.deadline(),
      );
      return { lock: lock ?? '' };
    });
  }

  /**
   * Locks every inline step of a flow as a deploy would (FlowsService.checkAndLock, reusing recent
   * locks); the result is Windmill's `{updated_flow_value}`, each step with its `lock`.
   */
  resolveFlow(workspace: string, userId: string, input: FlowDependencyLockRequest): Promise<string> {
    refuseWorkspaceDependencies(input.raw_workspace_dependencies);
    return this.keep(workspace, userId, async () => {
      const { value } = await this.flows.checkAndLock({ summary: '', value: input.flow_value }, true);
      return { updated_flow_value: value };
    });
  }

  /** Runs `work` now and keeps its result, or the user mistake it failed with, under a new id. */
  private async keep(workspace: string, userId: string, work: () => Promise<unknown>): Promise<string> {
    let result: unknown = null;
    let error: string | null = null;
    try {
      result = await work();
    } catch (err) {
      // Windmill reports a failed resolution as the job's failure, which the CLI prints.
      if (!(err instanceof RunnelError)) throw err;
      error = err.message;
    }
    const id = randomUUID();
    await this.db.transaction(async (tx) => {
      await tx.query(`DELETE FROM dependency_lock_result WHERE created_at < now() - interval '${KEPT_FOR}'`);
      await tx.query(
        `INSERT INTO dependency_lock_result (id, workspace_id, created_by, result, error) VALUES ($1, $2, $3, $4, $5)`,
        [id, workspace, userId, error === null ? JSON.stringify(result) : null, error],
      );
    });
    return id;
  }

  /** The result of `resolve`, for the user who asked, in Windmill's words; undefined for another id. */
  async result(workspace: string, userId: string, id: string): Promise<ResultMaybe | undefined> {
    const rows: { result: unknown; error: string | null }[] = await this.db.query(
      `SELECT result, error FROM dependency_lock_result
       WHERE id = $1 AND workspace_id = $2 AND created_by = $3 AND created_at >= now() - interval '${KEPT_FOR}'`,
      [id, workspace, userId],
    );
    const row = rows[0];
    if (!row) return undefined;
    if (row.error !== null) {
      return {
        completed: true,
        started: true,
        success: false,
        result: { error: { name: 'DependencyError', message: row.error } },
      };
    }
    return { completed: true, started: true, success: true, result: row.result };
  }
}

function refuseWorkspaceDependencies(deps: Record<string, string> | null | undefined): void {
  if (deps && Object.keys(deps).length > 0) {
    throw badRequest(
      'raw_workspace_dependencies: workspace dependency files (dependencies/) are not supported; ' +
        'declare the packages in the script itself',
    );
  }
}
