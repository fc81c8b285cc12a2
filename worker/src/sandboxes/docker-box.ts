import { closeSync, constants, openSync, readlinkSync } from 'node:fs';
import { Socket } from 'node:net';
import { join } from 'node:path';
import type Docker from 'dockerode';
import type { LineSplitter } from './log-capture.js';
import type { Slirp } from './network.js';

// One job container as the worker holds it: created and started, its stdin, stdout and stderr
// named pipes in the job folder that the worker holds the other ends of; then killed or removed.
//
// Not the engine's attach: through it, every byte goes worker → dockerd → containerd-shim →
// the job and back, three processes to be scheduled on a busy machine for each direction; a
// named pipe in the bound job folder is the job's own stdin and stdout, as the process
// sandbox's pipes are.

/** The pipes' names in the job folder (/job inside). */
export const PIPES = { stdin: '.runnel-in', stdout: '.runnel-out', stderr: '.runnel-err' } as const;

export interface ContainerExit {
  /** The exit code of its pid 1; 128+n when killed by signal n; null when unknown. */
  code: number | null;
  /** Docker's own word on why it ended, when it ended without running (a failed start). */
  error?: string;
}

export class Box {
  /** The worker's end of stdin: a pipe handle of the event loop, so a job that never reads can't hold a thread. */
  private readonly stdin: Socket;
  private readonly stdoutFd: number;
  private readonly stderrFd: number;
  private streams: [Socket, Socket] | undefined;
  private sinks: [LineSplitter, LineSplitter] | undefined;
  /** Output that came before the sinks did (nothing should: the interpreter waits for its go message). */
  private readonly early: [Socket, Buffer][] = [];
  private closedFds = false;
  slirp: Slirp | undefined;
  /** Host pid of the container's pid 1, once started. */
  pid = 0;
  /** The engine's answer to a wait for the container to stop, asked once it started. */
  exited: Promise<ContainerExit> = Promise.resolve({ code: null, error: 'the container was not started' });
  /** Its exit has been seen. */
  stopped = false;

  /**
   * Opens the worker's ends of the pipes made in `jobDir` (see PIPES): stdin read-write (so the
   * job's open for reading never waits, and it sees the end once the worker closes it), stdout and
   * stderr for reading, without blocking (so the job's opens for writing never wait either).
   */
  constructor(
    readonly container: Docker.Container,
    readonly name: string,
    jobDir: string,
  ) {
    this.stdin = new Socket({
      fd: openSync(join(jobDir, PIPES.stdin), constants.O_RDWR | constants.O_NONBLOCK),
      readable: false,
      writable: true,
    });
    this.stdin.on('error', () => {});
    this.stdoutFd = openSync(join(jobDir, PIPES.stdout), constants.O_RDONLY | constants.O_NONBLOCK);
    this.stderrFd = openSync(join(jobDir, PIPES.stderr), constants.O_RDONLY | constants.O_NONBLOCK);
  }

  /**
   * Whether the container's shell has opened its ends of the pipes (its stderr is the last):
   * until then a read of stdout would see no writer and take it for the end.
   */
  pipesOpened(): boolean {
    try {
      return readlinkSync(`/proc/${this.pid}/fd/2`).endsWith(`/${PIPES.stderr}`);
    } catch {
      return false;
    }
  }

  /** Starts reading stdout and stderr, once pipesOpened() (or the container ended). */
  listen(): void {
    if (this.streams || this.closedFds) return;
    const open = (fd: number): Socket => {
      const socket = new Socket({ fd, readable: true, writable: false });
      socket.on('error', () => {});
      socket.on('data', (chunk: Buffer) => this.forward(socket, chunk));
      return socket;
    };
    this.streams = [open(this.stdoutFd), open(this.stderrFd)];
  }

  /** Forwards output to `stdout` and `stderr`; resolves once both pipes reached their end. */
  capture(stdout: LineSplitter, stderr: LineSplitter): Promise<void> {
    this.sinks = [stdout, stderr];
    this.listen();
    for (const [socket, chunk] of this.early.splice(0)) this.forward(socket, chunk);
    const ended = (socket: Socket, sink: LineSplitter): Promise<void> =>
      new Promise((resolve) => {
        if (socket.destroyed) {
          sink.end();
          resolve();
          return;
        }
        socket.once('close', () => {
          sink.end();
          resolve();
        });
      });
    const [out, err] = this.streams!;
    return Promise.all([ended(out, stdout), ended(err, stderr)]).then(() => undefined);
  }

  /** Writes the go message to the job's stdin and closes it: the job reads it to its end. */
  go(message: string): void {
    // Closed once written: the worker's is the only writing end, so the job then reads the end.
    this.stdin.write(message, () => this.closeStdin());
  }

  /** Kills the container's processes at once (a cancel, a timeout); its output is still read to the end. */
  kill(): void {
    this.container.kill({ signal: 'SIGKILL' }).catch(() => {
      // Exited already, or removed.
    });
  }

  /** Stops its slirp, closes the worker's ends of the pipes and removes the container (killing it if it runs). */
  async remove(): Promise<void> {
    this.slirp?.stop();
    this.closeStdin();
    if (this.streams) for (const socket of this.streams) socket.destroy();
    else if (!this.closedFds) {
      closeSync(this.stdoutFd);
      closeSync(this.stderrFd);
    }
    this.closedFds = true;
    await this.container.remove({ force: true, v: true }).catch((err: Error & { statusCode?: number }) => {
      // 404: gone already; 409: its removal is under way.
      if (err.statusCode !== 404 && err.statusCode !== 409) throw err;
    });
  }

  private closeStdin(): void {
    this.stdin.destroy();
  }

  private forward(socket: Socket, chunk: Buffer): void {
    if (!this.sinks) {
      this.early.push([socket, chunk]);
      return;
    }
    (socket === this.streams![1] ? this.sinks[1] : this.sinks[0]).write(chunk);
  }
}
