import assert from 'node:assert/strict';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { rootlessSandbox, UNPRIVILEGED } from './rootless-helpers.js';

// The rootless sandbox (ADR 0021) on real bubblewrap, run by an unprivileged user (nobody) as a
// worker that is not root runs it: isolation of jobs that share one host uid, and every limit
// it keeps.

const FORK_MANY = `import os, time

def main():
    children, error = [], None
    try:
        for _ in range(100):
            pid = os.fork()
            if pid == 0:
                time.sleep(3)
                os._exit(0)
            children.append(pid)
    except OSError as exc:
        error = str(exc)
    for pid in children:
        os.kill(pid, 9)
    return {"started": len(children), "error": error}
`;

let box: Awaited<ReturnType<typeof rootlessSandbox>>;
/** A directory of the unprivileged user's own, with a secret only that user may read. */
let secretDir: string;
let listener: Server;
let port: number;

before(async () => {
  box = await rootlessSandbox();
  secretDir = mkdtempSync('/tmp/runnel-rootless-secret-');
  chmodSync(secretDir, 0o755);
  writeFileSync(join(secretDir, 'secret'), 'platform secret', { mode: 0o600 });
  chownSync(join(secretDir, 'secret'), UNPRIVILEGED, UNPRIVILEGED);
  // Something of the host's on every address, as the platform's PostgreSQL and NATS would be.
  listener = createServer((socket) => socket.end('host service\n'));
  await new Promise<void>((resolve) => listener.listen(0, '0.0.0.0', resolve));
  port = (listener.address() as { port: number }).port;
});
after(async () => {
  await box?.dispose();
  listener?.close();
  if (secretDir) rmSync(secretDir, { recursive: true, force: true });
});

describe('ProcessSandbox rootless, run by an unprivileged user', () => {
  it('says it is rootless, and warns once of what it does not enforce and how to have it', async () => {
    const { describe: line, warning } = await box.describe();
    assert.match(line, /^rootless, every job as this uid: rlimits \(.+\); disk by a tmpfs per slot/);
    assert.match(warning ?? '', /not enforced: memory of a job as a whole .*; CPU cores/);
    assert.match(warning ?? '', new RegExp(`every job runs as uid ${UNPRIVILEGED}`));
    assert.match(warning ?? '', /run the worker as root/);
  });

  it('runs bash, python, bun and deno jobs', async () => {
    const bash = await box.run({ content: 'echo "hello $1"', args: { who: 'x' }, argOrder: ['who'] });
    assert.equal(bash.status, 'success', JSON.stringify(bash));
    assert.equal(bash.result, 'hello x');
    const python = await box.run({
      language: 'python3',
      content: 'def main(a: int):\n    return a * 2\n',
      args: { a: 21 },
    });
    assert.equal(python.result, 42, JSON.stringify(python));
    const bun = await box.run({
      language: 'bun',
      content: 'export function main(s: string) { return s.toUpperCase() }',
      args: { s: 'bun' },
      argOrder: ['s'],
    });
    assert.equal(bun.result, 'BUN', JSON.stringify(bun));
    const deno = await box.run({
      language: 'deno',
      content:
        'export function main() { Deno.writeTextFileSync("/job/x", "ok"); return Deno.readTextFileSync("/job/x") }',
    });
    assert.equal(deno.result, 'ok', JSON.stringify(deno));
  });

  it("a job sees neither another job's folder nor its processes", async () => {
    const first = box.run({
      jobId: 'first',
      content: 'echo hidden > /job/first-secret\nsleep 3\ncat /job/first-secret',
      timeoutMs: 15_000,
    });
    await new Promise((resolve) => setTimeout(resolve, 800));
    const second = await box.run({
      jobId: 'second',
      content: [
        'find / -path /proc -prune -o -name "first-secret" -print 2>/dev/null',
        'ls /job',
        'ps_count=$(ls /proc | grep -c "^[0-9]")',
        'echo "processes $ps_count"',
        'pkill -f first-secret 2>/dev/null; kill -9 -1 2>/dev/null',
        'echo done',
      ].join('\n'),
    });
    assert.equal(second.status, 'success', JSON.stringify(second));
    const seen = second.logs.join('');
    assert.doesNotMatch(seen, /first-secret/);
    // bwrap's init, bash, ls and grep: a pid namespace of its own.
    const count = Number(/processes (\d+)/.exec(seen)?.[1]);
    assert.ok(count > 0 && count <= 5, seen);
    const done = await first;
    assert.equal(done.status, 'success', JSON.stringify(done));
    assert.equal(done.result, 'hidden', 'the other job could not touch it');
  });

  it("reaches no host file: not the user's own, not the work root, not the checkout", async () => {
    const run = await box.run({
      content: [
        `cat ${join(secretDir, 'secret')} || echo no-secret`,
        `ls ${box.workRoot} || echo no-work-root`,
        `ls /tmp/runnel-rootless-*/checkout || echo no-checkout`,
        'echo x > /usr/x || echo read-only-usr',
        'echo x > /etc/x || echo read-only-etc',
        'echo x > /x || echo read-only-root',
        'grep -c runnel /etc/passwd',
      ].join('\n'),
    });
    const seen = run.logs.join('');
    for (const word of ['no-secret', 'no-work-root', 'no-checkout', 'read-only-usr', 'read-only-etc', 'read-only-root'])
      assert.match(seen, new RegExp(word), seen);
    assert.doesNotMatch(seen, /platform secret/);
  });

  it("binds a job's dependencies read-only, though the job's uid owns them", async () => {
    const deps = join(secretDir, 'deps');
    mkdirSync(deps);
    writeFileSync(join(deps, 'pkg.js'), 'export default 1;\n', { mode: 0o644 });
    chownSync(deps, UNPRIVILEGED, UNPRIVILEGED);
    chownSync(join(deps, 'pkg.js'), UNPRIVILEGED, UNPRIVILEGED);
    const run = await box.run({
      content: [
        'cat /opt/runnel/deps/pkg.js',
        'echo x >> /opt/runnel/deps/pkg.js || echo read-only-file',
        'touch /opt/runnel/deps/new || echo read-only-folder',
        'chmod 777 /opt/runnel/deps/pkg.js || echo no-chmod',
      ].join('\n'),
      depsDir: deps,
    });
    const seen = run.logs.join('');
    assert.match(seen, /^export default 1;\n/, seen);
    for (const word of ['read-only-file', 'read-only-folder', 'no-chmod']) assert.match(seen, new RegExp(word), seen);
    assert.match(seen, /Read-only file system/, seen);
  });

  it('network none: loopback only, the host unreachable', async () => {
    const run = await box.run({
      content: `cat /proc/net/dev | tail -n +3 | cut -d: -f1 | tr -d ' '\n(exec 3<>/dev/tcp/127.0.0.1/${port} && cat <&3) || echo unreachable`,
    });
    assert.equal(run.status, 'success', JSON.stringify(run));
    assert.deepEqual(
      run.logs.filter((l) => !l.includes('/job/main.sh')),
      ['lo\n', 'unreachable\n'],
    );
  });

  it("outbound: slirp4netns without root, and the host's own addresses stay unreachable", async () => {
    const addresses = Object.values(networkInterfaces())
      .flat()
      .filter((a) => a?.family === 'IPv4' && !a.internal)
      .map((a) => a!.address);
    const tries = ['10.0.2.2', ...addresses].map(
      (address) => `(exec 3<>/dev/tcp/${address}/${port} && cat <&3) 2>/dev/null || echo "blocked ${address}"`,
    );
    const run = await box.run({
      network: 'outbound',
      content: ['cat /proc/net/dev | grep -c tap0', ...tries].join('\n'),
    });
    assert.equal(run.status, 'success', JSON.stringify(run));
    const seen = run.logs.join('');
    assert.match(seen, /^1\n/, 'a tap device routed through slirp');
    assert.doesNotMatch(seen, /host service/);
    for (const address of ['10.0.2.2', ...addresses]) assert.match(seen, new RegExp(`blocked ${address}`));
  });

  it('dedicated runtimes: the jobs of one version share a process (3 at most), a crash recycles it', async () => {
    const content = `
import os
calls = 0
PROCESS = os.urandom(8).hex()
def main(crash: bool):
    global calls
    calls += 1
    if crash:
        os._exit(7)
    return [calls, PROCESS]
`;
    const spec = (crash: boolean) => ({
      language: 'python3' as const,
      content,
      args: { crash },
      argOrder: ['crash'],
      dedicated: { version: 'ws\0rootless' },
    });
    const runs = [];
    for (let i = 0; i < 4; i++) runs.push((await box.run(spec(false))).result as [number, string]);
    assert.deepEqual(
      runs.map(([calls]) => calls),
      [1, 2, 3, 1],
    );
    assert.equal(new Set(runs.slice(0, 3).map(([, process]) => process)).size, 1);
    const crashed = await box.run(spec(true));
    assert.equal(crashed.error?.name, 'ExitCode', JSON.stringify(crashed));
    assert.match(crashed.error!.message, /exited with code 7.*the next job starts a fresh one/s);
    assert.equal(((await box.run(spec(false))).result as [number, string])[0], 1);
  });

  it('a job is killed at its timeout', async () => {
    const run = await box.run({ content: 'sleep 30', timeoutMs: 1000 });
    assert.equal(run.status, 'failure');
    assert.equal(run.error?.name, 'Timeout');
    assert.ok(run.durationMs < 5000, `${run.durationMs} ms`);
  });

  it('cancel kills the job', async () => {
    const run = await box.run({ content: 'sleep 30', cancelAfterMs: 500 });
    assert.equal(run.status, 'canceled');
  });

  it('logs stop at their cap with one notice', async () => {
    const run = await box.run({
      content: 'for i in $(seq 1 20000); do echo "line $i 0123456789"; done\necho done',
      limits: { logBytes: 10_000 },
    });
    assert.equal(run.status, 'success');
    assert.equal(run.logsTruncated, true);
    assert.equal(run.logs.filter((line) => line.includes('log truncated')).length, 1);
    assert.ok(Buffer.byteLength(run.logs.slice(0, -1).join('')) <= 10_000);
  });

  it('processes are limited per job (RLIMIT_NPROC counts per user namespace), not per the shared uid', async () => {
    const one = await box.run({ language: 'python3', content: FORK_MANY, limits: { pids: 16 } });
    assert.equal(one.status, 'success', JSON.stringify(one));
    const alone = one.result as { started: number; error: string | null };
    assert.ok(alone.started > 5 && alone.started < 16, `started ${alone.started}`);
    assert.match(alone.error ?? '', /Resource temporarily unavailable/);
    // Two at once, each of the same host uid, each gets its own 16.
    const both = await Promise.all(
      [1, 2].map(() => box.run({ language: 'python3', content: FORK_MANY, limits: { pids: 16 } })),
    );
    for (const run of both) {
      const { started } = run.result as { started: number };
      assert.equal(started, alone.started, JSON.stringify(both.map((r) => r.result)));
    }
  });

  it('a fork bomb fails the job, not the machine', async () => {
    const run = await box.run({ content: ':(){ :|:& };:\nsleep 30', limits: { pids: 64 }, timeoutMs: 3000 });
    assert.equal(run.status, 'failure');
    assert.equal(run.error?.name, 'Timeout');
    assert.match(run.logs.join(''), /fork: .*Resource temporarily unavailable/);
    const after = await box.run({ content: 'echo fine' });
    assert.equal(after.result, 'fine');
  });

  it('the job folder is limited to its disk quota', async () => {
    const df = await box.run({ content: "df -m /job | tail -1 | awk '{print $2}'", limits: { diskMb: 16 } });
    assert.equal(df.result, 16);
    const run = await box.run({ content: 'head -c 40000000 /dev/zero > /job/big', limits: { diskMb: 16 } });
    assert.equal(run.status, 'failure', JSON.stringify(run));
    assert.equal(run.error?.name, 'DiskQuotaExceeded');
    assert.match(run.error?.message ?? '', /16 MiB/);
    const after = await box.run({ content: 'echo fine', limits: { diskMb: 16 } });
    assert.equal(after.result, 'fine', 'the next job of the slot has its disk empty again');
  });

  it('CPU time and file size are limited', async () => {
    const cpu = await box.run({ content: 'while :; do :; done', limits: { cpuSeconds: 1 } });
    assert.equal(cpu.error?.name, 'CpuTimeLimitExceeded', JSON.stringify(cpu));
    const file = await box.run({ content: 'exec head -c 3000000 /dev/zero > /job/big', limits: { fileSizeMb: 1 } });
    assert.equal(file.error?.name, 'FileSizeLimitExceeded', JSON.stringify(file));
  });

  it('memory per process: address space for Python, data size for Bun (whose reservations RLIMIT_AS would break)', async () => {
    const python = await box.run({
      language: 'python3',
      content: 'def main():\n    data = b"x" * (300 * 1024 * 1024)\n    return len(data)\n',
      limits: { memoryMb: 128 },
    });
    assert.equal(python.error?.name, 'MemoryError', JSON.stringify(python));
    const grow = (mb: number) =>
      `export function main() { const kept = []; for (let i = 0; i < ${mb}; i++) kept.push(new Uint8Array(1024 * 1024).fill(1)); return kept.length }`;
    const under = await box.run({ language: 'bun', content: grow(100), limits: { memoryMb: 256 } });
    assert.equal(under.status, 'success', JSON.stringify(under));
    assert.equal(under.result, 100);
    const over = await box.run({ language: 'bun', content: grow(1500), limits: { memoryMb: 256 } });
    assert.equal(over.status, 'failure', JSON.stringify({ ...over, logs: over.logs.slice(-3) }));
    const limits = await box.run({
      content: 'grep -E "Max (data size|address space|processes)" /proc/self/limits',
      limits: { memoryMb: 200, pids: 50 },
    });
    assert.match(limits.logs.join(''), new RegExp(`address space\\s+${200 * 1024 * 1024}\\s`));
    assert.match(limits.logs.join(''), /processes\s+50\s+50/);
  });
});
