import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import type { LauncherReply, LauncherRequest } from './spawner.js';

// The launcher process: forks the sandbox processes for the worker and hands it their pipes.
// See spawner.ts, which starts it; it runs nothing else.

const children = new Map<number, ChildProcess>();

function reply(message: LauncherReply, handle?: Socket): void {
  if (process.connected) process.send!(message, handle);
}

function start(request: Extract<LauncherRequest, { type: 'spawn' }>): void {
  const { id } = request;
  let child: ChildProcess;
  try {
    child = spawn(request.command, request.args, {
      uid: request.uid,
      gid: request.gid,
      cwd: '/',
      env: request.env,
      stdio: request.stdio,
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
  children.set(id, child);
  child.on('exit', (code, signal) => {
    children.delete(id);
    reply({ type: 'exit', id, code, signal });
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
  if (request.type === 'kill') children.get(request.id)?.kill(request.signal);
  else start(request);
});
// The worker is gone: so are its jobs.
function orphaned(): void {
  for (const child of children.values()) child.kill('SIGKILL');
  process.exit(0);
}
process.on('disconnect', orphaned);
// 'disconnect' has been seen not to come when the worker died abruptly; being reparented is proof.
const worker = process.ppid;
setInterval(() => {
  if (process.ppid !== worker) orphaned();
}, 1000);
