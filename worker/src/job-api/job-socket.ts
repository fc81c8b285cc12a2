import { chmodSync, chownSync, closeSync, constants, openSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, type Server, type Socket } from 'node:net';

/** A request line larger than this is refused with 413: arguments and values travel, not files. */
export const MAX_REQUEST_BYTES = 1024 * 1024;
/** Requests of one job answered at once; more wait for none and get 429. */
export const MAX_CONCURRENT_REQUESTS = 8;

/** The reply a job reads: the job API's, without the `secrets` the worker keeps for masking. */
export type SocketReply = { ok: true; value: unknown } | { ok: false; status: number; error: string };

/** Answers one parsed request line (an object with a string `op`). */
export type RequestHandler = (request: { op: string } & Record<string, unknown>) => Promise<SocketReply>;

/** sockaddr_un's sun_path, less its terminating NUL. */
const MAX_SOCKET_PATH = 107;

const refuse = (status: number, error: string): SocketReply => ({ ok: false, status, error });

/**
 * The job API's end inside a job folder: a Unix socket (so it works under `network: none`, and
 * nothing else on the machine can reach it: the folder is the job uid's alone). The protocol is
 * one line of JSON in, one line of JSON out, then the worker closes the connection
 * (docs/adr/0037-secrets-in-jobs.md).
 */
export class JobSocket {
  private active = 0;
  private readonly connections = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    private readonly handle: RequestHandler,
    /** The folder's descriptor when the socket was bound through /proc; kept until close unlinks it there. */
    private readonly dirFd: number,
  ) {
    server.on('connection', (socket) => this.serve(socket));
  }

  /**
   * Listens at `<dir>/<name>`, connectable by `uid` only (undefined: the worker's own uid,
   * rootless). A Unix socket's address holds at most 107 bytes; a longer path is reached through
   * the folder's descriptor in /proc, which the kernel resolves like the folder itself.
   */
  static async listen(dir: string, name: string, uid: number | undefined, handle: RequestHandler): Promise<JobSocket> {
    const path = join(dir, name);
    const server = createServer({ allowHalfOpen: true });
    const fd =
      Buffer.byteLength(path) > MAX_SOCKET_PATH ? openSync(dir, constants.O_RDONLY | constants.O_DIRECTORY) : -1;
    const socket = new JobSocket(server, handle, fd);
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(fd === -1 ? path : `/proc/self/fd/${fd}/${name}`, () => {
          server.off('error', reject);
          resolve();
        });
      });
      chmodSync(path, 0o600);
      if (uid !== undefined) chownSync(path, uid, uid);
    } catch (err) {
      await socket.close();
      throw err;
    }
    return socket;
  }

  /** Stops listening (removing the socket file) and drops connections still open. */
  async close(): Promise<void> {
    for (const c of this.connections) c.destroy();
    if (this.server.listening) await new Promise((resolve) => this.server.close(resolve));
    if (this.dirFd !== -1) closeSync(this.dirFd);
  }

  private serve(socket: Socket): void {
    this.connections.add(socket);
    socket.on('close', () => this.connections.delete(socket));
    socket.on('error', () => socket.destroy());
    const chunks: Buffer[] = [];
    let size = 0;
    let taken = false;
    const answer = (reply: SocketReply): void => {
      taken = true;
      socket.end(`${JSON.stringify(reply)}\n`);
    };
    const take = (): void => {
      taken = true;
      void this.answer(Buffer.concat(chunks).toString('utf8')).then(answer);
    };
    socket.on('data', (chunk: Buffer) => {
      if (taken) return;
      const nl = chunk.indexOf(10);
      const part = nl === -1 ? chunk : chunk.subarray(0, nl);
      size += part.length;
      if (size > MAX_REQUEST_BYTES) {
        answer(refuse(413, `the request line is over ${MAX_REQUEST_BYTES} bytes: pass large data by reference`));
        return;
      }
      chunks.push(part);
      if (nl !== -1) take();
    });
    // A client that half-closes after its line without a newline still gets its answer.
    socket.on('end', () => {
      if (taken) return;
      if (size > 0) take();
      else answer(refuse(400, 'send one line of JSON, {"op": "...", ...}, ending in a newline'));
    });
  }

  private async answer(line: string): Promise<SocketReply> {
    let request: unknown;
    try {
      request = JSON.parse(line);
    } catch {
      return refuse(400, 'the request is not JSON: send one line {"op": "...", ...params}');
    }
    if (request === null || typeof request !== 'object' || Array.isArray(request)) {
      return refuse(400, 'the request must be a JSON object {"op": "...", ...params}');
    }
    const op = (request as Record<string, unknown>).op;
    if (typeof op !== 'string') return refuse(400, 'the request has no "op" string');
    if (this.active >= MAX_CONCURRENT_REQUESTS) {
      return refuse(429, `at most ${MAX_CONCURRENT_REQUESTS} requests of a job are answered at once: wait for one`);
    }
    this.active++;
    try {
      return await this.handle({ ...(request as Record<string, unknown>), op });
    } catch (err) {
      return refuse(503, `the job API did not answer: ${(err as Error).message}`);
    } finally {
      this.active--;
    }
  }
}
