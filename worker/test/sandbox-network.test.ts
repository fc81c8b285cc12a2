import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { networkInterfaces } from 'node:os';
import { createServer, connect, type Server } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { processesNamed, testSandbox } from './sandbox-helpers.js';

const UID_BASE = 130_000;
let box: Awaited<ReturnType<typeof testSandbox>>;
/** A TCP server on the host's loopback only: what jobs must never reach unless the policy is `host`. */
let hostOnly: Server;
let hostPort: number;
/** A TCP server on every interface, as the server binds 0.0.0.0 outside all-in-one mode. */
let anyInterface: Server;
let anyPort: number;

/** A dummy interface made when the machine has no address but loopback: there must be one to test. */
const DUMMY = 'rnltest0';
let dummyMade = false;

/** The host's non-loopback IPv4 addresses; makes one on a dummy interface if there is none (and fails if it can't). */
async function hostAddresses(): Promise<string[]> {
  const find = (): string[] =>
    Object.values(networkInterfaces())
      .flatMap((list) => list ?? [])
      .filter((a) => a.family === 'IPv4' && !a.internal)
      .map((a) => a.address);
  if (find().length > 0) return find();
  execFileSync('ip', ['link', 'add', DUMMY, 'type', 'dummy']);
  dummyMade = true;
  execFileSync('ip', ['addr', 'add', '198.51.100.7/32', 'dev', DUMMY]);
  execFileSync('ip', ['link', 'set', DUMMY, 'up']);
  assert.ok(find().length > 0, 'no address besides loopback even after adding a dummy interface');
  return find();
}

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

/** The network interfaces the job sees, space-separated (there is no /sys in the sandbox). */
const LINKS = 'ip -o link show | cut -d: -f2 | tr -d " " | tr "\\n" " "';

function reachable(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

before(async () => {
  box = await testSandbox(UID_BASE);
  hostOnly = createServer((socket) => {
    socket.on('error', () => {}); // probes hang up without reading
    socket.end('hello from the host\n');
  });
  await new Promise<void>((resolve) => hostOnly.listen(0, '127.0.0.1', resolve));
  hostPort = (hostOnly.address() as { port: number }).port;
  anyInterface = createServer((socket) => socket.on('error', () => {}).end('hello\n'));
  await new Promise<void>((resolve) => anyInterface.listen(0, '0.0.0.0', resolve));
  anyPort = (anyInterface.address() as { port: number }).port;
});
after(async () => {
  await new Promise((resolve) => hostOnly.close(resolve));
  await new Promise((resolve) => anyInterface.close(resolve));
  if (dummyMade) execFileSync('ip', ['link', 'del', DUMMY]);
  await box.dispose();
});

async function probe(network: 'none' | 'outbound' | 'host', targets: [string, number][]) {
  const run = await box.run({ language: 'python3', content: PROBE, args: { targets }, argOrder: ['targets'], network });
  assert.equal(run.status, 'success', JSON.stringify(run));
  return run.result as Record<string, string>;
}

describe('ProcessSandbox: network policies', () => {
  it("'none' has only loopback: the host's services are out of reach", async () => {
    const run = await box.run({ content: LINKS, network: 'none' });
    assert.equal(run.result, 'lo');
    const result = await probe('none', [['127.0.0.1', hostPort]]);
    assert.deepEqual(result, { [`127.0.0.1:${hostPort}`]: 'ConnectionRefusedError' });
  });

  it("'outbound' has a tap device routed by slirp4netns, and DNS through it", async () => {
    const run = await box.run({
      content: `${LINKS}; echo\nip -4 -o addr show tap0 | awk "{print \\$4}"\nip route | grep default\ncat /etc/resolv.conf`,
      network: 'outbound',
    });
    assert.equal(run.status, 'success', JSON.stringify(run));
    assert.deepEqual(
      run.logs.map((line) => line.trim()),
      ['lo tap0', '10.0.2.100/24', 'default via 10.0.2.2 dev tap0', 'nameserver 10.0.2.3'],
    );
  });

  it("'outbound' never reaches the host's loopback, directly or through slirp's gateway", async () => {
    assert.ok(await reachable(hostPort), 'the test server is up on the host');
    const targets: [string, number][] = [
      ['127.0.0.1', hostPort],
      ['10.0.2.2', hostPort],
      ['127.0.0.1', 5432],
      ['10.0.2.2', 5432],
    ];
    const result = await probe('outbound', targets);
    for (const [host, port] of targets) {
      assert.notEqual(
        result[`${host}:${port}`],
        'connected',
        `${host}:${port} must be unreachable: ${JSON.stringify(result)}`,
      );
    }
  });

  it("'outbound' never reaches the host's other addresses: not a server on 0.0.0.0, nor the platform's ports", async () => {
    const addresses = await hostAddresses();
    const targets: [string, number][] = addresses.flatMap((address): [string, number][] => [
      [address, anyPort],
      [address, 4222],
      [address, 5432],
      [address, 3000],
    ]);
    for (const [address] of targets)
      assert.ok(await reachable(anyPort, address), `the test server is up on ${address}`);
    const result = await probe('outbound', targets);
    for (const [host, port] of targets) {
      assert.notEqual(
        result[`${host}:${port}`],
        'connected',
        `${host}:${port} must be unreachable: ${JSON.stringify(result)}`,
      );
    }
    // Unreachable by a route of the job's namespace, which it can't remove (no capability there).
    const run = await box.run({
      content: `ip route del unreachable ${addresses[0]} 2>&1; ip route | grep unreachable`,
      network: 'outbound',
    });
    assert.match(run.logs.join(''), /Operation not permitted/);
    assert.match(run.logs.join(''), new RegExp(`unreachable ${addresses[0]!.replace(/\./g, '\\.')}`));
  });

  it("'host' shares the host's network (the test server is reachable) and its resolv.conf", async () => {
    const result = await probe('host', [['127.0.0.1', hostPort]]);
    assert.deepEqual(result, { [`127.0.0.1:${hostPort}`]: 'connected' });
    const run = await box.run({ content: 'cat /etc/resolv.conf', network: 'host' });
    assert.equal(run.logs.join(''), await readFile('/etc/resolv.conf', 'utf8'));
  });

  it('slirp4netns does not outlive the job', async () => {
    await box.sandbox.drainPool(); // a warm outbound sandbox has its own slirp
    await new Promise((resolve) => setTimeout(resolve, 100)); // the slirps it killed exit
    const before = await processesNamed('slirp4netns');
    const run = await box.run({ content: 'sleep 0.2; echo ok', network: 'outbound' });
    assert.equal(run.status, 'success');
    const canceled = new AbortController();
    setTimeout(() => canceled.abort(), 300);
    await box.run({ content: 'sleep 30', network: 'outbound', signal: canceled.signal });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await box.sandbox.drainPool();
    // The warm sandbox's slirp was killed just now: give it a moment to exit. Only slirps that
    // appeared since `before` count: other processes on the machine may start and end their own.
    const left = async () => (await processesNamed('slirp4netns')).filter((pid) => !before.includes(pid));
    for (let i = 0; i < 50 && (await left()).length > 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.deepEqual(await left(), []);
  });
});
