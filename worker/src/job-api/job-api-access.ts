import type { NatsConnection } from '@nats-io/nats-core';
import { hasReference, JOB_SOCKET, type JobMessage, type NatsNames } from '@runnel/protocol';
import type { SandboxOutcome } from '../sandboxes/index.js';
import { JobApiSession } from './job-api-session.js';
import { JobSocket } from './job-socket.js';
import { SecretMasker } from '@runnel/protocol';

/** The socket's file name in the job folder (mounted at /job): JOB_SOCKET's last part. */
const SOCKET_NAME = JOB_SOCKET.slice(JOB_SOCKET.lastIndexOf('/') + 1);

/**
 * Everything one job attempt has of the job API on its worker: its arguments with references
 * resolved, the socket in its folder, and the masker of the secrets it received. A job message
 * without a credential (from an older server) gets none of it and runs as before.
 */
export class JobApiAccess {
  readonly masker = new SecretMasker();
  private readonly session: JobApiSession | undefined;
  private socket: JobSocket | undefined;

  constructor(
    nc: NatsConnection,
    names: NatsNames,
    private readonly job: JobMessage,
    deadline: number,
  ) {
    if (job.credential) this.session = new JobApiSession(nc, names, job.id, job.credential, deadline, this.masker);
  }

  get enabled(): boolean {
    return this.session !== undefined;
  }

  /**
   * The arguments the sandbox gets: the message's own unless they hold a `$var:`/`$res:`
   * reference (a scan of the arguments, no request), else as the server resolved them; or the
   * job's failure when a reference can't be resolved. Rejects when the job API does not answer.
   */
  async resolveArgs(): Promise<{ args: Record<string, unknown> } | SandboxOutcome> {
    if (!hasReference(this.job.args)) return { args: this.job.args };
    const fail = (message: string): SandboxOutcome => ({
      status: 'failure',
      error: { name: 'ReferenceError', message },
      exitCode: null,
      durationMs: 0,
      logsTruncated: false,
    });
    if (!this.session) return fail('the job has $var:/$res: references but no credential to resolve them with');
    const reply = await this.session.request('resolve_args');
    // No answer (504) is the platform's trouble, not the job's: the attempt goes back to the queue (the runner naks it).
    if (!reply.ok && reply.status === 504) throw new Error(`cannot resolve the job's references: ${reply.error}`);
    if (!reply.ok) return fail(reply.error);
    return { args: (reply.value as { args: Record<string, unknown> }).args };
  }

  /** Serves the job API's socket in the job folder `dir`. */
  async serve(dir: string, owner: number | undefined): Promise<void> {
    this.socket = await JobSocket.listen(dir, SOCKET_NAME, owner, this.session!.handle);
  }

  /** Closes the socket (its file goes with it); the job has ended. */
  async close(): Promise<void> {
    const socket = this.socket;
    this.socket = undefined;
    await socket?.close();
  }
}
