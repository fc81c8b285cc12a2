import type { Socket } from 'node:net';
import type Docker from 'dockerode';
import type { LineSplitter } from './log-capture.js';
import type { Slirp } from './network.js';

// One job container as the worker holds it: created, attached (its stdin for the go message,
// its stdout and stderr for the logs) and started; then killed or removed.

export interface ContainerExit {
  /** The exit code of its pid 1 (the interpreter); 128+n when killed by signal n; null when unknown. */
  code: number | null;
  /** Docker's own word on why it ended, when it ended without running (a failed start). */
  error?: string;
}

export class Box {
  /** Output frames not yet read (attach's multiplexed stream: an 8-byte header, then the payload). */
  private pending: Buffer = Buffer.alloc(0);
  private sinks: [LineSplitter, LineSplitter] | undefined;
  /** Output that came before the sinks did (nothing should: the interpreter waits for its go message). */
  private early: [number, Buffer][] = [];
  private ended = false;
  private readonly outputEnded: Promise<void>;
  slirp: Slirp | undefined;
  /** Host pid of the container's pid 1, once started. */
  pid = 0;
  /** The engine's answer to a wait for the container to stop, asked once it started. */
  exited: Promise<ContainerExit> = Promise.resolve({ code: null, error: 'the container was not started' });
  /** Its exit has been seen. */
  stopped = false;

  constructor(
    readonly container: Docker.Container,
    readonly name: string,
    private readonly stream: Socket,
  ) {
    stream.on('data', (chunk: Buffer) => this.read(chunk));
    stream.on('error', () => {});
    this.outputEnded = new Promise((resolve) =>
      stream.once('close', () => {
        this.ended = true;
        this.sinks?.[0].end();
        this.sinks?.[1].end();
        resolve();
      }),
    );
  }

  /** Starts forwarding output to `stdout` and `stderr`; resolves once the container closed both. */
  capture(stdout: LineSplitter, stderr: LineSplitter): Promise<void> {
    this.sinks = [stdout, stderr];
    for (const [kind, payload] of this.early.splice(0)) this.forward(kind, payload);
    if (this.ended) {
      stdout.end();
      stderr.end();
    }
    return this.outputEnded;
  }

  /** Writes the go message to the container's stdin and closes it. */
  go(message: string): void {
    this.stream.end(message);
  }

  /** Kills the container's processes at once (a cancel, a timeout); its output is still read to the end. */
  kill(): void {
    this.container.kill({ signal: 'SIGKILL' }).catch(() => {
      // Exited already, or removed.
    });
  }

  /** Stops its slirp, closes the attach stream and removes the container (killing it if it runs). */
  async remove(): Promise<void> {
    this.slirp?.stop();
    this.stream.destroy();
    await this.container.remove({ force: true, v: true }).catch((err: Error & { statusCode?: number }) => {
      // 404: gone already; 409: its removal is under way.
      if (err.statusCode !== 404 && err.statusCode !== 409) throw err;
    });
  }

  private read(chunk: Buffer): void {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    while (this.pending.length >= 8) {
      const size = this.pending.readUInt32BE(4);
      if (this.pending.length < 8 + size) break;
      const kind = this.pending[0]!;
      const payload = this.pending.subarray(8, 8 + size);
      this.pending = this.pending.subarray(8 + size);
      if (this.sinks) this.forward(kind, payload);
      else this.early.push([kind, Buffer.from(payload)]);
    }
  }

  private forward(kind: number, payload: Buffer): void {
    // 1 stdout, 2 stderr (0 would be stdin, never sent back).
    (kind === 2 ? this.sinks![1] : this.sinks![0]).write(payload);
  }
}
