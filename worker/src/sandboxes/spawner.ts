import { fork, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';

/**
 * Forking a process copies the page tables of the one that forks: the worker, with its
 * ~150 MB, spends ~5–10 ms per spawn (event loop blocked). So sandbox processes are spawned by
 * a small launcher process (launcher.ts), which hands their pipes to the worker over its IPC
 * channel, one after the other. Every process spawned this way must wait for the worker before
 * it writes anything (bwrap for its arguments, the slirp shell for a pid): the launcher stops
 * reading a pipe only as it hands it over, so output written earlier would be lost.
 *
 * bwrap's info, block and argument descriptors (3, 4, 5; see `bwrap`) stay with the launcher,
 * which writes and reads them on the worker's word: three pipes fewer handed over per sandbox.
 */

export type LauncherRequest =
  | {
      type: 'spawn';
      id: number;
      command: string;
      args: string[];
      uid?: number;
      gid?: number;
      /**
       * bwrap only: the uid the sandbox ends up as, when the process spawned starts as root and
       * takes it itself (nsenter, the enter helper); the launcher kills that uid's orphans.
       */
      owner?: number;
      env: Record<string, string>;
      /** 0–2 only when `bwrap`: the launcher adds 3 (info), 4 (block) and 5 (arguments). */
      stdio: ('pipe' | 'ignore')[];
      bwrap?: boolean;
    }
  | { type: 'kill'; id: number; signal: NodeJS.Signals }
  /** bwrap's arguments, for its `--args 5`. */
  | { type: 'args'; id: number; args: string[] }
  /** Lets bwrap's pid 1 go on (it waits on `--block-fd 4`). */
  | { type: 'go'; id: number };

export type LauncherReply =
  | { type: 'spawned'; id: number; pid: number }
  | { type: 'pipe'; id: number; fd: number }
  /** What bwrap wrote on `--info-fd 3` when it closed it: its pid 1, if it got that far. Before `exit`. */
  | { type: 'info'; id: number; pid: number | undefined }
  | { type: 'exit'; id: number; code: number | null; signal: NodeJS.Signals | null }
  | { type: 'error'; id: number; message: string };

export type SpawnOptions = Omit<Extract<LauncherRequest, { type: 'spawn' }>, 'type' | 'id' | 'command' | 'args'>;

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The launcher died, and the process with it: not the process's doing. */
  launcherLost?: boolean;
}

export interface Spawned {
  pid: number;
  /** The worker's end of each `pipe` in `stdio`, by descriptor number. */
  stdio: (Socket | undefined)[];
  /** Resolves when the process has exited (its pipes may still hold unread output). */
  exited: Promise<Exit>;
  hasExited(): boolean;
  /** Signals the process unless it has exited (the launcher knows; its pid may be reused then). */
  kill(signal?: NodeJS.Signals): void;
  /** Spawned with `bwrap`: hands bwrap its arguments. */
  sendArgs(args: string[]): void;
  /** Spawned with `bwrap`: its pid 1, or undefined if bwrap ended before saying it. */
  readonly childPid: Promise<number | undefined>;
  /** Spawned with `bwrap`: lets its pid 1 go on. */
  go(): void;
}

interface Job {
  /** The launcher process that spawns it. */
  launcher: ChildProcess;
  pid?: number;
  /** Pipes still to come from the launcher. */
  pipesLeft: number;
  stdio: (Socket | undefined)[];
  exited: boolean;
  onInfo: (pid: number | undefined) => void;
  onReady: () => void;
  onError: (err: Error) => void;
  onExit: (exit: Exit) => void;
}

/** One launcher process, started on first use and again if it dies. */
export class Spawner {
  private launcher?: ChildProcess;
  private readonly jobs = new Map<number, Job>();
  private nextId = 1;

  /** Starts the launcher now rather than with the first spawn. */
  start(): Promise<void> {
    const launcher = this.connect();
    if (launcher.pid !== undefined) return Promise.resolve();
    return new Promise((resolve, reject) => {
      launcher.once('spawn', resolve);
      launcher.once('error', reject);
    });
  }

  /** Like child_process.spawn, with cwd `/`; resolves once every pipe is in the worker's hands. */
  spawn(command: string, args: string[], options: SpawnOptions): Promise<Spawned> {
    const launcher = this.connect();
    const id = this.nextId++;
    const job: Job = {
      launcher,
      pipesLeft: options.stdio.filter((kind) => kind === 'pipe').length,
      stdio: [],
      exited: false,
      onInfo: () => {},
      onReady: () => {},
      onError: () => {},
      onExit: () => {},
    };
    const childPid = new Promise<number | undefined>((resolve) => (job.onInfo = resolve));
    const exited = new Promise<Exit>((resolve) => {
      job.onExit = (exit) => {
        job.exited = true;
        job.onInfo(undefined); // if it never came (a lost launcher)
        this.forget(id);
        resolve(exit);
      };
    });
    return new Promise((resolve, reject) => {
      job.onReady = () =>
        resolve({
          pid: job.pid!,
          stdio: job.stdio,
          exited,
          hasExited: () => job.exited,
          kill: (signal = 'SIGKILL') => {
            if (!job.exited) this.send({ type: 'kill', id, signal }, job.launcher);
          },
          sendArgs: (args) => {
            if (!job.exited) this.send({ type: 'args', id, args }, job.launcher);
          },
          childPid,
          go: () => {
            if (!job.exited) this.send({ type: 'go', id }, job.launcher);
          },
        });
      job.onError = (err) => {
        this.forget(id);
        for (const pipe of job.stdio) pipe?.destroy();
        reject(err);
      };
      this.jobs.set(id, job);
      this.updateRef();
      this.send({ type: 'spawn', id, command, args, ...options }, launcher);
    });
  }

  private send(request: LauncherRequest, launcher: ChildProcess): void {
    try {
      launcher.send(request);
    } catch {
      // The launcher is gone; its 'exit' settles every job.
    }
  }

  private connect(): ChildProcess {
    if (this.launcher?.connected) return this.launcher;
    const launcher = fork(fileURLToPath(new URL('./launcher.js', import.meta.url)), [], {
      execArgv: [],
      env: {},
      serialization: 'json',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.launcher = launcher;
    launcher.on('message', (reply: LauncherReply, handle?: Socket) => this.receive(reply, handle));
    const lost = (): void => {
      if (this.launcher === launcher) this.launcher = undefined;
      // Its processes die with it (bwrap --die-with-parent; slirp on its exit-fd).
      for (const job of [...this.jobs.values()]) {
        if (job.launcher !== launcher) continue;
        if (job.pid === undefined || job.pipesLeft > 0) job.onError(new Error('the sandbox launcher process exited'));
        else job.onExit({ code: null, signal: 'SIGKILL', launcherLost: true });
      }
    };
    launcher.on('exit', lost);
    launcher.on('error', lost);
    launcher.unref();
    this.updateRef();
    return launcher;
  }

  private forget(id: number): void {
    this.jobs.delete(id);
    this.updateRef();
  }

  /** The launcher keeps the worker alive only while it has something to do. */
  private updateRef(): void {
    const channel = this.launcher?.channel;
    if (this.jobs.size > 0) channel?.ref();
    else channel?.unref();
  }

  private receive(reply: LauncherReply, handle: Socket | undefined): void {
    const job = this.jobs.get(reply.id);
    if (!job) {
      handle?.destroy();
      return;
    }
    switch (reply.type) {
      case 'spawned':
        job.pid = reply.pid;
        break;
      case 'pipe':
        // Without a handle when the launcher's end was closed already (the process exited).
        handle?.on('error', () => {});
        job.stdio[reply.fd] = handle;
        job.pipesLeft--;
        break;
      case 'info':
        job.onInfo(reply.pid);
        return;
      case 'exit':
        job.onExit({ code: reply.code, signal: reply.signal });
        return;
      case 'error':
        // After a successful spawn an exit follows; before, the spawn failed.
        if (job.pid === undefined) job.onError(new Error(reply.message));
        return;
    }
    if (job.pid !== undefined && job.pipesLeft === 0) job.onReady();
  }
}

/** The launcher shared by every sandbox in this process. */
export const spawner = new Spawner();
