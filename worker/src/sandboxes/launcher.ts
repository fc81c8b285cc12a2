import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { ARGS_FD, BLOCK_FD, INFO_FD } from './bwrap-fds.js';
import { killOrphans } from './host.js';
import type { LauncherReply, LauncherRequest } from './spawner.js';

// The launcher process: forks the sandbox processes for the worker and hands it their pipes.
// See spawner.ts, which starts it; it runs nothing else.

interface Child {
  process: ChildProcess;
  /** bwrap only: its block and argument pipes, written on the worker's word. */
  block?: Socket;
  args?: Socket;
  /** bwrap only: its pid 1, once told. */
  init?: number;
  /** bwrap only: "go" was written; until then its pid 1 waits on `block`. */
  released?: boolean;
}

const children = new Map<number, Child>();

function reply(message: LauncherReply, handle?: Socket): void {
  if (process.connected) process.send!(message, handle);
}

const ignore = (): void => {};

/** bwrap's info JSON names its pid 1 ("child-pid"); undefined if it ended before writing it. */
function childPid(text: string): number | undefined {
  try {
    const pid = (JSON.parse(text) as { 'child-pid'?: unknown })['child-pid'];
    return typeof pid === 'number' && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function start(request: Extract<LauncherRequest, { type: 'spawn' }>): void {
  const { id } = request;
  const stdio = request.bwrap ? [...request.stdio, 'pipe', 'pipe', 'pipe'] : request.stdio;
  let child: ChildProcess;
  try {
    child = spawn(request.command, request.args, {
      uid: request.uid,
      gid: request.gid,
      cwd: '/',
      env: request.env,
      stdio: stdio as ('pipe' | 'ignore')[],
    });
  } catch (err) {
    reply({ type: 'error', id, message: (err as Error).message });
    return;
  }
  child.on('error', (err) => {
    children.delete(id);
    reply({ type: 'error', id, message: err.message });
  });
  if (child.pid === undefined) return; // 'error' follows
  const entry: Child = { process: child };
  children.set(id, entry);
  // The exit is told after bwrap's info, so the worker always has the one before the other.
  let infoTold: Promise<void> = Promise.resolve();
  if (request.bwrap) {
    const [info, block, args] = [INFO_FD, BLOCK_FD, ARGS_FD].map((fd) => child.stdio[fd] as Socket);
    for (const pipe of [info, block, args]) pipe.on('error', ignore); // EPIPE: bwrap died first
    entry.block = block;
    entry.args = args;
    infoTold = new Promise((resolve) => {
      let text = '';
      info.setEncoding('utf8');
      info.on('data', (chunk: string) => (text += chunk));
      info.on('close', () => {
        entry.init = childPid(text);
        reply({ type: 'info', id, pid: entry.init });
        resolve();
      });
    });
  }
  child.on('exit', (code, signal) => {
    void infoTold.then(async () => {
      // bwrap ended (killed by a cancel, a timeout) before its pid 1 was let go: that pid 1
      // outlives it, waiting on the block pipe; closing the pipe would let it run the job.
      if (entry.block && !entry.released) await killUnreleased(entry, request.owner ?? request.uid);
      children.delete(id);
      entry.block?.destroy();
      entry.args?.destroy();
      reply({ type: 'exit', id, code, signal });
    });
  });
  reply({ type: 'spawned', id, pid: child.pid });
  // One after the other, each once the worker took the last; the process can't have written
  // anything meanwhile, as it always waits for the worker first (see spawner.ts). stderr goes
  // first all the same, for a process that fails before it gets that far.
  const pipes = request.stdio.flatMap((kind, fd) => (kind === 'pipe' ? [fd] : []));
  for (const fd of [...pipes.filter((fd) => fd === 2), ...pipes.filter((fd) => fd !== 2)]) {
    reply({ type: 'pipe', id, fd }, child.stdio[fd] as Socket);
  }
}

process.on('message', (request: LauncherRequest) => {
  switch (request.type) {
    case 'spawn':
      start(request);
      return;
    case 'kill':
      children.get(request.id)?.process.kill(request.signal);
      return;
    case 'args':
      // NUL-terminated strings, for `bwrap --args`.
      children.get(request.id)?.args?.end(request.args.map((arg) => `${arg}\0`).join(''));
      return;
    case 'go': {
      const child = children.get(request.id);
      if (!child?.block) return;
      child.released = true;
      child.block.end('go');
      return;
    }
  }
});
/**
 * Kills the pid 1 of a bwrap that ended before it was let go. It can't have exited (it waits on
 * the block pipe, which we hold), so its pid is still its own. bwrap may have died before saying
 * it: then it is the orphan of the slot's uid (which no other sandbox has).
 */
async function killUnreleased(child: Child, uid: number | undefined): Promise<void> {
  if (child.init !== undefined) {
    try {
      process.kill(child.init, 'SIGKILL');
    } catch {
      // Never started.
    }
  } else if (uid !== undefined) {
    await killOrphans(uid, 1);
  }
}

// The worker is gone: so are its jobs.
function orphaned(): void {
  for (const child of children.values()) {
    child.process.kill('SIGKILL');
    if (child.init !== undefined && !child.released) void killUnreleased(child, undefined);
  }
  process.exit(0);
}
process.on('disconnect', orphaned);
// A worker that died before this process got going leaves it without a channel and already reparented.
if (!process.connected) orphaned();
// 'disconnect' has been seen not to come when the worker died abruptly; being reparented is proof.
const worker = process.ppid;
setInterval(() => {
  if (process.ppid !== worker) orphaned();
}, 1000);
