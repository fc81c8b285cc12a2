import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { networkInterfaces } from 'node:os';
import { createServer, type Server } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { testSandbox } from './sandbox-helpers.js';

// Slot networks (docs/adr/0049-cheaper-sandboxed-job.md): successive `outbound` jobs of one
// tenant in a job slot share its network namespace and slirp4netns; another tenant's job gets
// a fresh one, and the platform's ports stay out of reach either way.

const UID_BASE = 195_000;
/** Added to `lo` (and removed) by the test that changes the host's addresses: no dummy interfaces on every kernel. */
const EXTRA_ADDRESS = '198.51.100.9';
const extraAddress = (op: 'add' | 'del') => execFileSync('ip', ['addr', op, `${EXTRA_ADDRESS}/32`, 'dev', 'lo']);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Host processes whose parent is `ppid`, with their comm. */
async function childrenOf(ppid: number): Promise<{ pid: number; comm: string }[]> {
  const found: { pid: number; comm: string }[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = await readFile(`/proc/${name}/stat`, 'utf8').catch(() => '');
    const close = stat.lastIndexOf(')');
    if (close < 0 || Number(stat.slice(close + 2).split(' ')[1]) !== ppid) continue;
    found.push({ pid: Number(name), comm: stat.slice(stat.indexOf('(') + 1, close) });
  }
  return found;
}

/** slirp4netns processes of this test process's sandboxes (children of its launcher), not the machine's. */
async function ourSlirps(): Promise<number[]> {
  const launchers = (await childrenOf(process.pid)).filter((p) => p.comm === 'node');
  const slirps: number[] = [];
  for (const launcher of launchers)
    for (const child of await childrenOf(launcher.pid)) if (child.comm === 'slirp4netns') slirps.push(child.pid);
  return slirps;
}

/** Waits (up to a second) until this process's sandboxes have `count` slirp4netns; answers how many they have. */
async function slirpsSettle(count: number): Promise<number> {
  for (let i = 0; i < 50 && (await ourSlirps()).length !== count; i++) await sleep(20);
  return (await ourSlirps()).length;
}

/** Leaves a TCP connection to the job's own loopback in TIME_WAIT, then prints its namespace. */
const LEAVE_STATE = `import os, socket

def main(port):
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", port))
    server.listen()
    client = socket.create_connection(("127.0.0.1", port))
    conn, _ = server.accept()
    client.close()  # the side that closes first keeps the connection in TIME_WAIT
    conn.close()
    server.close()
    return os.readlink("/proc/self/ns/net")
`;

/** Prints the job's network namespace and the local ports of every TCP socket it can see (/proc/net/tcp). */
const LOOK = `import os

def main():
    ports = []
    with open("/proc/net/tcp") as f:
        for line in f.readlines()[1:]:
            local, remote = line.split()[1:3]
            ports += [int(local.split(":")[1], 16), int(remote.split(":")[1], 16)]
    return {"netns": os.readlink("/proc/self/ns/net"), "ports": ports}
`;

/** Tries each host:port from inside the job; reports "connected" or the error's name. */
const PROBE = `import socket

def main(targets):
    out = {}
    for host, port in targets:
        sock = socket.socket()
        sock.settimeout(3)
        try:
            sock.connect((host, port))
            out[f"{host}:{port}"] = "connected"
        except OSError as exc:
            out[f"{host}:{port}"] = type(exc).__name__
        finally:
            sock.close()
    return out
`;

function hostAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flatMap((list) => list ?? [])
    .filter((a) => a.family === 'IPv4' && !a.internal)
    .map((a) => a.address);
}

describe('ProcessSandbox: slot networks of outbound jobs', () => {
  // No warm pool: each job starts cold in the lowest free slot, so successive jobs (each awaited
  // with its clean-up) run in the same slot.
  let box: Awaited<ReturnType<typeof testSandbox>>;
  let platform: Server;
  let platformPort: number;

  before(async () => {
    box = await testSandbox(UID_BASE, { warmPoolSize: 0 });
    platform = createServer((socket) => socket.end('platform\n'));
    await new Promise<void>((resolve) => platform.listen(0, '0.0.0.0', resolve));
    platformPort = (platform.address() as { port: number }).port;
  });
  after(async () => {
    platform.close();
    try {
      execFileSync('ip', ['addr', 'del', `${EXTRA_ADDRESS}/32`, 'dev', 'lo'], { stdio: 'ignore' });
    } catch {
      // Not made, or removed by its test.
    }
    await box.dispose();
  });

  async function python(content: string, tenant: string, args: Record<string, unknown> = {}) {
    const run = await box.run({
      language: 'python3',
      content,
      args,
      argOrder: Object.keys(args),
      network: 'outbound',
      tenant,
    });
    assert.equal(run.status, 'success', JSON.stringify(run));
    await box.sandbox.settled(); // the slot is free again: the next job runs in it
    return run.result;
  }

  it("a tenant's next job in the slot runs in the same network, without a slirp4netns of its own", async () => {
    const first = await python(LEAVE_STATE, 'ws-a', { port: 47_123 });
    const slirps = await ourSlirps();
    assert.equal(slirps.length, 1, `one slirp4netns, the slot's: ${JSON.stringify(slirps)}`);
    assert.equal(await slirpsSettle(1), 1);
    const second = (await python(LOOK, 'ws-a')) as { netns: string; ports: number[] };
    assert.equal(second.netns, first, 'the same network namespace');
    // Within one tenant the namespace's state carries over (what the next test's check relies on).
    assert.ok(second.ports.includes(47_123), `the first job's connection in TIME_WAIT: ${JSON.stringify(second)}`);
    assert.deepEqual(await ourSlirps(), slirps, 'no slirp4netns started or stopped for the second job');
  });

  it("another tenant's job gets a fresh network and sees nothing of the last one's", async () => {
    // Namespace inodes are reused once freed, so what tells two networks apart is their state.
    await python(LEAVE_STATE, 'ws-a', { port: 47_124 });
    const other = (await python(LOOK, 'ws-b')) as { netns: string; ports: number[] };
    assert.ok(!other.ports.includes(47_124), `ws-a's connection must not show: ${JSON.stringify(other)}`);
    // ws-a's network was stopped, not kept beside ws-b's: one slirp4netns per slot.
    assert.equal(await slirpsSettle(1), 1);
    await python(LEAVE_STATE, 'ws-b', { port: 47_125 });
    const back = (await python(LOOK, 'ws-a')) as { netns: string; ports: number[] };
    assert.ok(!back.ports.includes(47_124), `ws-a's old network is gone with its state: ${JSON.stringify(back)}`);
    assert.ok(!back.ports.includes(47_125), `nor does ws-b's show: ${JSON.stringify(back)}`);
  });

  it("the platform's ports stay out of reach in a kept network, which the job can't change", async () => {
    const targets: [string, number][] = [
      ['127.0.0.1', platformPort],
      ['10.0.2.2', platformPort],
      ...hostAddresses().map((address): [string, number] => [address, platformPort]),
    ];
    for (let i = 0; i < 2; i++) {
      const result = (await python(PROBE, 'ws-c', { targets })) as Record<string, string>;
      for (const [host, port] of targets)
        assert.notEqual(result[`${host}:${port}`], 'connected', `run ${i + 1}: ${JSON.stringify(result)}`);
    }
    const run = await box.run({
      content: 'ip route del default 2>&1; ip link set tap0 down 2>&1; ip route | grep -c default',
      network: 'outbound',
      tenant: 'ws-c',
    });
    assert.match(run.logs.join(''), /Operation not permitted/);
    assert.match(run.logs.join(''), /^1$/m, 'the default route is still there');
    await box.sandbox.settled();
  });

  it("a new address of the host makes the slot's next job get a fresh network that blocks it too", async () => {
    await python(LEAVE_STATE, 'ws-d', { port: 47_126 });
    extraAddress('add');
    try {
      const run = await box.run({ content: 'ip route', network: 'outbound', tenant: 'ws-d' });
      assert.match(run.logs.join(''), new RegExp(`unreachable ${EXTRA_ADDRESS.replace(/\./g, '\\.')}`));
      await box.sandbox.settled();
      const second = (await python(LOOK, 'ws-d')) as { ports: number[] };
      assert.ok(!second.ports.includes(47_126), `a fresh network: ${JSON.stringify(second)}`);
    } finally {
      extraAddress('del');
    }
  });

  it('jobs without a tenant keep a network and a slirp4netns of their own', async () => {
    const before = await ourSlirps();
    const run = (content: string, args: Record<string, unknown> = {}) =>
      box.run({ language: 'python3', content, args, argOrder: Object.keys(args), network: 'outbound' });
    assert.equal((await run(LEAVE_STATE, { port: 47_127 })).status, 'success');
    await box.sandbox.settled();
    const look = await run(LOOK);
    await box.sandbox.settled();
    assert.equal(look.status, 'success', JSON.stringify(look));
    assert.ok(!(look.result as { ports: number[] }).ports.includes(47_127), JSON.stringify(look.result));
    for (let i = 0; i < 50 && (await ourSlirps()).length > before.length; i++) await sleep(20);
    assert.deepEqual(await ourSlirps(), before, 'their slirps ended with them');
  });

  it('the warm pool keeps tenants apart: a warm outbound sandbox is only taken by its own tenant', async () => {
    const pooled = await testSandbox(UID_BASE + 100, { warmPoolSize: 4 });
    try {
      const run = (content: string, tenant: string, args: Record<string, unknown> = {}) =>
        pooled.run({ language: 'python3', content, args, argOrder: Object.keys(args), network: 'outbound', tenant });
      for (let i = 0; i < 3; i++) {
        const made = await run(LEAVE_STATE, 'ws-e', { port: 47_200 + i });
        assert.equal(made.status, 'success', JSON.stringify(made));
        await pooled.sandbox.settled();
        await sleep(300); // the pool refills (with sandboxes in ws-e's slot networks)
      }
      const other = await run(LOOK, 'ws-f');
      assert.equal(other.status, 'success', JSON.stringify(other));
      const look = other.result as { netns: string; ports: number[] };
      for (let i = 0; i < 3; i++) assert.ok(!look.ports.includes(47_200 + i), JSON.stringify(look));
    } finally {
      await pooled.dispose();
    }
  });

  it("slot networks' slirp4netns end when the sandbox closes", async () => {
    const closing = await testSandbox(UID_BASE + 200, { warmPoolSize: 2 });
    const before = await ourSlirps();
    const run = await closing.run({ content: 'echo ok', network: 'outbound', tenant: 'ws-g' });
    assert.equal(run.status, 'success');
    assert.ok((await ourSlirps()).length > before.length, 'the slot network has its slirp4netns');
    await closing.dispose();
    for (let i = 0; i < 50 && (await ourSlirps()).some((pid) => !before.includes(pid)); i++) await sleep(20);
    assert.deepEqual(
      (await ourSlirps()).filter((pid) => !before.includes(pid)),
      [],
    );
  });
});
