/**
 * Plays the orchestrator for engine tests: applies commands, answers run_job with canned results
 * per step id, fires timers in time order, and keeps a log of everything to assert on.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { validateFlow } from '@runnel/api-contract';
import { createEvaluator } from '../../../isolate/evaluator.js';
import { applyEvent, flowStatus, pendingTimers, startFlow } from '../index.js';
import type {
  Command,
  EngineContext,
  Evaluate,
  FlowEvent,
  FlowRunState,
  FlowStatusView,
  FlowValue,
  Transition,
} from '../types.js';

export type RunJob = Extract<Command, { type: 'run_job' }>;
export interface Outcome {
  status: 'success' | 'failure' | 'canceled';
  result: unknown;
}
/** A step's canned answer: a value (success), an Outcome, or a function of the job and its attempt (1-based). */
export type Answer = unknown;
export type AnswerFn = (job: RunJob, attempt: number) => Outcome | unknown;

export const ok = (result: unknown): Outcome => ({ status: 'success', result });
export const fail = (message: string, name = 'Error'): Outcome => ({
  status: 'failure',
  result: { error: { name, message } },
});

const fixtures = new URL('../../../../../src/flows/engine/fixtures/', import.meta.url);

/** A fixture flow document, checked with validateFlow as the API would. */
export function loadFlow(name: string): FlowValue {
  const doc: unknown = JSON.parse(readFileSync(new URL(`${name}.json`, fixtures), 'utf8'));
  const r = validateFlow(doc);
  assert.ok(r.ok, `fixture ${name} is not a valid flow: ${JSON.stringify(r.ok ? [] : r.errors)}`);
  return r.flow.value;
}

/** Shorthand for tests that build a flow inline. */
export function flowOf(modules: unknown[], extra: Record<string, unknown> = {}): FlowValue {
  const r = validateFlow({ summary: 'test', value: { modules, ...extra } });
  assert.ok(r.ok, `not a valid flow: ${JSON.stringify(r.ok ? [] : r.errors)}`);
  return r.flow.value;
}

function isOutcome(v: unknown): v is Outcome {
  return (
    v !== null &&
    typeof v === 'object' &&
    'status' in v &&
    'result' in v &&
    ['success', 'failure', 'canceled'].includes((v as Outcome).status)
  );
}

export class Driver {
  state!: FlowRunState;
  now = 1_000_000;
  private ids = 0;
  readonly commands: Command[] = [];
  readonly runJobs: RunJob[] = [];
  /** Jobs queued and not answered yet, oldest first. */
  readonly pending: RunJob[] = [];
  readonly canceled: string[] = [];
  readonly ignored: string[] = [];
  readonly attempts = new Map<string, number>();
  earlyReturn: unknown = undefined;
  /** Every set_timer, with the delay in seconds from the moment it was set. */
  readonly timers: { timer_id: string; at: number; delay_s: number }[] = [];

  constructor(
    readonly def: FlowValue,
    private readonly evaluate: Evaluate,
    private readonly answers: Record<string, Answer | AnswerFn> = {},
  ) {}

  ctx(): EngineContext {
    return { now: this.now, newId: () => `id${++this.ids}`, evaluate: this.evaluate };
  }

  start(input: Record<string, unknown> = {}): this {
    this.take(startFlow(this.def, input, this.ctx()));
    return this;
  }

  apply(event: FlowEvent): Transition {
    const t = applyEvent(this.def, this.state, event, this.ctx());
    if (t.ignored !== undefined) this.ignored.push(t.ignored);
    this.take(t);
    return t;
  }

  private take(t: Transition): void {
    // The orchestrator stores the state as JSON: every transition starts from what was stored.
    this.state = JSON.parse(JSON.stringify(t.state)) as FlowRunState;
    for (const c of t.commands) {
      this.commands.push(c);
      if (c.type === 'run_job') {
        this.runJobs.push(c);
        this.pending.push(c);
      }
      if (c.type === 'cancel_job') {
        this.canceled.push(c.job_id);
        const i = this.pending.findIndex((j) => j.job_id === c.job_id);
        if (i >= 0) this.pending.splice(i, 1);
      }
      if (c.type === 'early_return') this.earlyReturn = c.result;
      if (c.type === 'set_timer')
        this.timers.push({ timer_id: c.timer_id, at: c.at, delay_s: (c.at - this.now) / 1000 });
    }
  }

  /** Reports the outcome of a queued job (defaults to its canned answer). */
  finish(jobId: string, outcome?: Outcome): Transition {
    const i = this.pending.findIndex((j) => j.job_id === jobId);
    assert.ok(i >= 0, `job ${jobId} is not pending`);
    const [job] = this.pending.splice(i, 1);
    return this.apply({ type: 'job_done', job_id: jobId, ...(outcome ?? this.answer(job)) });
  }

  private answer(job: RunJob): Outcome {
    const attempt = (this.attempts.get(job.step_id) ?? 0) + 1;
    this.attempts.set(job.step_id, attempt);
    assert.ok(job.step_id in this.answers, `no canned answer for step ${job.step_id}`);
    const a = this.answers[job.step_id];
    const v = typeof a === 'function' ? (a as AnswerFn)(job, attempt) : a;
    return isOutcome(v) ? v : ok(v);
  }

  /** Fires the earliest pending timer, moving the clock to it. Returns false when none is pending. */
  fireNextTimer(): boolean {
    const timers = pendingTimers(this.state).sort((a, b) => a.at - b.at);
    if (timers.length === 0) return false;
    this.now = Math.max(this.now, timers[0].at);
    this.apply({ type: 'timer', timer_id: timers[0].timer_id });
    return true;
  }

  /**
   * Answers queued jobs oldest first, and fires timers when no job is queued, until the run ends
   * or waits on something only the test can give (an approval).
   */
  run(opts: { timers?: boolean } = {}): this {
    for (let guard = 0; guard < 100_000 && this.state.status === 'running'; guard++) {
      if (this.pending.length > 0) this.finish(this.pending[0].job_id);
      else if (opts.timers === false || !this.fireNextTimer()) break;
    }
    return this;
  }

  /** The step ids of every run_job so far, in order. */
  steps(): string[] {
    return this.runJobs.map((j) => j.step_id);
  }

  jobsOf(stepId: string): RunJob[] {
    return this.runJobs.filter((j) => j.step_id === stepId);
  }

  status(): FlowStatusView {
    return flowStatus(this.def, this.state);
  }
}

/** The real expression sandbox the server uses. */
export async function sandbox(): Promise<{ evaluate: Evaluate; dispose: () => void }> {
  const ev = await createEvaluator();
  return { evaluate: ev.evaluate, dispose: () => ev.dispose() };
}
