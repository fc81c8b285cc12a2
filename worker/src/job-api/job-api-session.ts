import type { NatsConnection } from '@nats-io/nats-core';
import type { JobApiReply, NatsNames } from '@runnel/protocol';
import type { RequestHandler, SocketReply } from './job-socket.js';
import type { SecretMasker } from '@runnel/protocol';

/** How long a request that does not wait for a child job may take. */
const REQUEST_TIMEOUT_MS = 30_000;

/**
 * What an op would store where the plaintext of a secret must never be (a child job's row and
 * message, the state table, a plain variable): a job that tries is refused, not masked, since a
 * masked value would be a wrong one (docs/adr/0037-secrets-in-jobs.md).
 */
const STORING: Record<string, (params: Record<string, unknown>) => unknown> = {
  run_script: (p) => p.args,
  run_flow: (p) => p.args,
  set_state: (p) => p.value,
  set_variable: (p) => (p.is_secret === true ? undefined : p.value),
};
const STORED_WHERE: Record<string, string> = {
  run_script: "in the child job's arguments",
  run_flow: "in the child flow's arguments",
  set_state: 'in the state',
  set_variable: 'in a variable that is not secret',
};

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * One job attempt's use of the job API: every request goes to the server over NATS with the
 * job's id and credential, and every secret a reply lists joins the job's masker before the
 * job sees the value. A request waits at most until the job's own timeout.
 */
export class JobApiSession {
  constructor(
    private readonly nc: NatsConnection,
    private readonly names: NatsNames,
    private readonly jobId: string,
    private readonly credential: string,
    /** When the job's timeout ends, in ms since the epoch. */
    private readonly deadline: number,
    private readonly masker: SecretMasker,
  ) {}

  async request(op: string, params: Record<string, unknown> = {}): Promise<JobApiReply> {
    const waits = (op === 'run_script' || op === 'run_flow') && params.wait === true;
    const left = Math.max(1000, this.deadline - Date.now());
    const timeout = waits ? left : Math.min(REQUEST_TIMEOUT_MS, left);
    const body = { ...params, op, job_id: this.jobId, credential: this.credential };
    const data = encoder.encode(JSON.stringify(body));
    const limit = this.nc.info?.max_payload ?? 1024 * 1024;
    if (data.length > limit) {
      return {
        ok: false,
        status: 413,
        error: `the request is ${data.length} bytes as relayed, over the ${limit} bytes one NATS message carries: send less`,
      };
    }
    let reply: JobApiReply;
    try {
      const msg = await this.nc.request(this.names.jobApiSubject, data, { timeout });
      reply = JSON.parse(decoder.decode(msg.data)) as JobApiReply;
    } catch (err) {
      // 504, as a gateway that got no answer: the runner retries a job whose references got none.
      return {
        ok: false,
        status: 504,
        error: `the job API did not answer in ${timeout} ms: ${(err as Error).message}`,
      };
    }
    if (reply.ok && reply.secrets) this.masker.add(reply.secrets);
    return reply;
  }

  /** What the job's socket answers with: its request relayed, the reply without its secrets list. */
  readonly handle: RequestHandler = async ({ op, job_id: _id, credential: _c, ...params }) => {
    const stored = STORING[op]?.(params);
    if (stored !== undefined && this.masker.contains(JSON.stringify(stored))) {
      return {
        ok: false,
        status: 400,
        error: `${op} would store a secret this job received in plain text (${STORED_WHERE[op]}): pass it as a reference "$var:<path>", or keep it in a secret variable (set_variable with is_secret: true)`,
      };
    }
    const reply = await this.request(op, params);
    if (!reply.ok) return reply;
    const answer: SocketReply = { ok: true, value: reply.value };
    return answer;
  };
}
