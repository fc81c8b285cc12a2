import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { runtimeImage } from '@runnel/runtimes/images';
import { containerSpec, DEFAULT_LIMITS, DockerSandbox, LABEL, slirpCommand } from '../src/sandboxes/index.js';
import { buildImages, containersLabelled, testDockerSandbox } from './docker-helpers.js';

// The docker sandbox (docs/adr/0045-docker-sandbox.md) against the machine's Docker engine, with
// the images `npm run images` builds.

const UID_BASE = 310_000;
let box: Awaited<ReturnType<typeof testDockerSandbox>>;

before(async () => {
  buildImages('bash', 'python3', 'bun', 'deno');
  box = await testDockerSandbox('dtest', UID_BASE);
});
after(async () => {
  await box?.dispose();
});

/** The docker id of the container a job ran in, from what it printed of /proc/self/cgroup. */
const CONTAINER_ID = 'grep -o "[0-9a-f]\\{64\\}" /proc/self/cgroup | head -1';

describe('DockerSandbox: jobs in containers', () => {
  it('runs a bash job: arguments in, its last line out, its logs streamed', async () => {
    const run = await box.run({
      content: 'echo "hello $1"\necho "$2" >&2\necho done',
      args: { who: 'world', other: 'on stderr' },
      argOrder: ['who', 'other'],
    });
    assert.equal(run.status, 'success', JSON.stringify(run));
    assert.equal(run.result, 'done');
    // stdout and stderr come through two pipes: each in its order, not necessarily with the other's.
    assert.deepEqual(
      run.logs.filter((l) => l !== 'on stderr\n'),
      ['hello world\n', 'done\n'],
    );
    assert.ok(run.logs.includes('on stderr\n'));
    assert.equal(run.exitCode, 0);
  });

  it('runs a python3 job with the SDK importable', async () => {
    const run = await box.run({
      language: 'python3',
      content:
        'import wmill\n\ndef main(a: int, b: int):\n    print("adding", a, b)\n    return {"sum": a + b, "sdk": hasattr(wmill, "get_variable")}\n',
      args: { a: 2, b: 40 },
      argOrder: ['a', 'b'],
    });
    assert.equal(run.status, 'success', JSON.stringify(run));
    assert.deepEqual(run.result, { sum: 42, sdk: true });
    assert.deepEqual(run.logs, ['adding 2 40\n']);
  });

  it('runs a bun job with the SDK importable', async () => {
    const run = await box.run({
      language: 'bun',
      content:
        "import * as wmill from 'windmill-client';\n\nexport function main(name: string) {\n  console.log('hi', name);\n  return { upper: name.toUpperCase(), sdk: typeof wmill.getVariable };\n}\n",
      args: { name: 'runnel' },
      argOrder: ['name'],
    });
    assert.equal(run.status, 'success', JSON.stringify(run));
    assert.deepEqual(run.result, { upper: 'RUNNEL', sdk: 'function' });
    assert.deepEqual(run.logs, ['hi runnel\n']);
  });

  it('passes arguments larger than a pipe holds through the go message', async () => {
    const big = 'x'.repeat(300_000);
    const run = await box.run({ content: 'a="$1"\necho "${#a}"', args: { a: big }, argOrder: ['a'] });
    assert.equal(run.status, 'success', JSON.stringify({ ...run, logs: run.logs.length }));
    assert.equal(run.result, 300_000);
  });

  it('runs a deno job', async () => {
    const run = await box.run({
      language: 'deno',
      content: 'export function main(n: number) {\n  console.log("deno", n);\n  return n + 1;\n}\n',
      args: { n: 41 },
      argOrder: ['n'],
    });
    assert.equal(run.status, 'success', JSON.stringify(run));
    assert.equal(run.result, 42);
    assert.deepEqual(run.logs, ['deno 41\n']);
  });

  it("binds a job's installed dependencies read-only at /opt/runnel/deps (python3 and bun)", async () => {
    const deps = await mkdtemp(join(tmpdir(), 'runnel-docker-deps-'));
    let installed = true;
    try {
      await writeFile(join(deps, 'tinylib.py'), 'def shout(s):\n    return s.upper() + "!"\n');
      await mkdir(join(deps, 'node_modules', 'tinylib'), { recursive: true });
      await writeFile(
        join(deps, 'node_modules', 'tinylib', 'package.json'),
        JSON.stringify({ name: 'tinylib', version: '1.0.0', type: 'module', main: 'index.js' }),
      );
      await writeFile(
        join(deps, 'node_modules', 'tinylib', 'index.js'),
        'export const shout = (s) => s.toUpperCase() + "!";\n',
      );
      for (const dir of [deps, join(deps, 'node_modules'), join(deps, 'node_modules', 'tinylib')])
        await chmod(dir, 0o755);
      let retained = 0;
      // As the cache's entry: once it is gone (the test's end), no warm container is started with it.
      const mount = { dir: deps, retain: () => (installed ? (retained++, () => {}) : undefined) };
      const py = await box.run({
        language: 'python3',
        content: 'import tinylib\n\ndef main():\n    return tinylib.shout("py")\n',
        deps: mount,
      });
      assert.equal(py.result, 'PY!', JSON.stringify(py));
      const bun = await box.run({
        language: 'bun',
        content: "import { shout } from 'tinylib';\n\nexport function main() {\n  return shout('bun');\n}\n",
        deps: mount,
      });
      assert.equal(bun.result, 'BUN!', JSON.stringify(bun));
      const write = await box.run({ content: 'touch /opt/runnel/deps/x 2>&1 || true', deps: mount });
      assert.match(write.logs.join(''), /Read-only file system/);
      assert.ok(retained >= 3, 'each container held the entry while it ran');
    } finally {
      installed = false;
      await box.sandbox.drainPool();
      await rm(deps, { recursive: true, force: true });
    }
  });

  it('fails a script that throws with its own error', async () => {
    const run = await box.run({ language: 'python3', content: 'def main():\n    raise ValueError("bad input")\n' });
    assert.equal(run.status, 'failure');
    assert.equal(run.error?.name, 'ValueError');
    assert.equal(run.error?.message, 'bad input');
  });

  it('runs the next job of a kind in a container started ahead (warm), and leaves no container behind', async () => {
    const starts: string[] = [];
    await box.run({ content: 'echo first', onStarted: (start) => starts.push(start) });
    // The pool refills in the background (for every kind that ran lately): wait for a warm bash container.
    let warm: string[] = [];
    for (let i = 0; i < 100 && warm.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      warm = (await containersLabelled(box.docker, `${LABEL.worker}=${box.workerName}`))
        .filter((c) => c.Labels[LABEL.job] === 'warm' && c.State === 'running' && c.Image === runtimeImage('bash').tag)
        .map((c) => c.Id);
    }
    assert.ok(warm.length > 0, 'a warm container was started after the first job');
    const run = await box.run({ content: CONTAINER_ID, onStarted: (start) => starts.push(start) });
    assert.equal(run.status, 'success', JSON.stringify(run));
    // What the worker's runnel_worker_sandbox_start_seconds{start} counts.
    assert.equal(starts.length, 2, `one start reported per job: ${starts.join(', ')}`);
    assert.equal(starts[1], 'warm');
    assert.ok(
      warm.includes(run.result as string),
      `ran in ${String(run.result)}, not one of the warm ${warm.join(', ')}`,
    );
    assert.deepEqual(await box.leftovers(), []);
  });
});

describe('DockerSandbox: what a container may do', () => {
  it('runs as an unprivileged slot uid without capabilities, no-new-privileges, on a read-only root', async () => {
    const run = await box.run({
      content: [
        'id -u',
        "grep -E '^(CapEff|CapPrm|NoNewPrivs)' /proc/self/status | tr -s '\\t' ' '",
        'touch /usr/local/x 2>&1 || true',
        'echo job > /job/x && cat /job/x',
        'echo tmp > /tmp/x && cat /tmp/x',
      ].join('\n'),
    });
    assert.equal(run.status, 'success', JSON.stringify(run));
    const [uid, ...rest] = run.logs.map((l) => l.trim());
    assert.ok(Number(uid) >= UID_BASE && Number(uid) < UID_BASE + 32, `uid ${uid} is a slot's`);
    assert.deepEqual(rest, [
      'CapPrm: 0000000000000000',
      'CapEff: 0000000000000000',
      'NoNewPrivs: 1',
      "touch: cannot touch '/usr/local/x': Read-only file system",
      'job',
      'tmp',
    ]);
  });

  it('creates the container with the limits, read-only root, no network and its labels', async () => {
    let seen: Record<string, unknown> | undefined;
    const run = await box.run({
      content: 'echo ready\nsleep 1',
      limits: { memoryMb: 300, cpus: 0.5, pids: 50 },
      onLog: () => {
        void (async () => {
          const [found] = (await containersLabelled(box.docker, `${LABEL.worker}=${box.workerName}`)).filter(
            (c) => c.Labels[LABEL.job] !== 'warm',
          );
          if (found) seen = (await box.docker.getContainer(found.Id).inspect()) as unknown as Record<string, unknown>;
        })();
      },
    });
    assert.equal(run.status, 'success', JSON.stringify(run));
    assert.ok(seen, 'the running container was found by its worker label');
    const host = seen.HostConfig as Record<string, unknown>;
    assert.equal(host.ReadonlyRootfs, true);
    assert.deepEqual(host.CapDrop, ['ALL']);
    assert.deepEqual(host.SecurityOpt, ['no-new-privileges']);
    assert.equal(host.Memory, 300 * 1024 * 1024);
    assert.equal(host.MemorySwap, 300 * 1024 * 1024);
    assert.equal(host.NanoCpus, 0.5e9);
    assert.equal(host.PidsLimit, 50);
    assert.equal(host.NetworkMode, 'none');
    assert.match(String((seen.Config as { User: string }).User), /^31\d{4}:31\d{4}$/);
  });

  it('kills a job over its memory limit and says so', async () => {
    const run = await box.run({
      language: 'python3',
      content:
        'def main():\n    blocks = []\n    for _ in range(100):\n        blocks.append(bytearray(10 * 1024 * 1024))\n    return len(blocks)\n',
      limits: { memoryMb: 64 },
    });
    assert.equal(run.status, 'failure', JSON.stringify(run));
    assert.equal(run.error?.name, 'MemoryLimitExceeded');
    assert.match(run.error!.message, /memory limit of 64 MiB/);
  });

  it('limits the processes and threads of a job', async () => {
    const run = await box.run({
      language: 'python3',
      content:
        'import threading, time\n\ndef main():\n    started = []\n    try:\n        for _ in range(100):\n            t = threading.Thread(target=time.sleep, args=(2,))\n            t.start()\n            started.append(t)\n    except RuntimeError as e:\n        return {"started": len(started), "error": str(e)}\n    return {"started": len(started)}\n',
      limits: { pids: 16 },
    });
    assert.equal(run.status, 'success', JSON.stringify(run));
    const result = run.result as { started: number; error?: string };
    assert.ok(result.started < 16, `started ${result.started} threads under a limit of 16`);
    assert.match(result.error ?? '', /can't start new thread/);
  });

  it('fails a job that fills its /job disk quota with DiskQuotaExceeded', async () => {
    const run = await box.run({ content: 'dd if=/dev/zero of=/job/big bs=1M count=64', limits: { diskMb: 16 } });
    assert.equal(run.status, 'failure', JSON.stringify(run));
    assert.equal(run.error?.name, 'DiskQuotaExceeded');
    assert.match(run.error!.message, /disk quota of 16 MiB/);
  });

  it('kills a job at its timeout', async () => {
    const started = performance.now();
    const run = await box.run({ content: 'echo start\nsleep 30', timeoutMs: 1000 });
    assert.equal(run.status, 'failure');
    assert.equal(run.error?.name, 'Timeout');
    assert.ok(performance.now() - started < 5000);
  });

  it('kills a canceled job within a second, and removes its container', async () => {
    const abort = new AbortController();
    let abortedAt = 0;
    const running = box.run({
      content: 'echo started\nsleep 60',
      signal: abort.signal,
      onLog: () => {
        abortedAt = performance.now();
        abort.abort();
      },
    });
    const run = await running;
    const took = performance.now() - abortedAt;
    assert.equal(run.status, 'canceled');
    assert.ok(abortedAt > 0, 'the job had started');
    assert.ok(took < 1000, `the cancel took ${Math.round(took)} ms`);
    assert.deepEqual(await box.leftovers(), []);
  });
});

describe('DockerSandbox: network', () => {
  let anyInterface: Server;
  let port: number;
  before(async () => {
    anyInterface = createServer((socket) => socket.on('error', () => {}).end('hello\n'));
    await new Promise<void>((resolve) => anyInterface.listen(0, '0.0.0.0', resolve));
    port = (anyInterface.address() as { port: number }).port;
  });
  after(async () => {
    await new Promise((resolve) => anyInterface.close(resolve));
  });

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

  it("'none' has only loopback", async () => {
    const run = await box.run({ content: 'ls /sys/class/net | tr "\\n" " "', network: 'none' });
    assert.equal(run.result, 'lo');
  });

  it("'outbound' has slirp4netns' tap device, but neither the host's loopback nor its addresses (the platform's ports)", async () => {
    const links = await box.run({
      content: 'ls /sys/class/net | tr "\\n" " "\necho\ncat /etc/resolv.conf',
      network: 'outbound',
    });
    assert.deepEqual(
      links.logs.map((l) => l.trim()),
      ['lo tap0', 'nameserver 10.0.2.3'],
    );
    const addresses = Object.values(networkInterfaces())
      .flatMap((list) => list ?? [])
      .filter((a) => a.family === 'IPv4' && !a.internal)
      .map((a) => a.address);
    const targets: [string, number][] = [
      ['127.0.0.1', 4222],
      ['10.0.2.2', 4222],
      ['10.0.2.2', 5432],
      ['10.0.2.2', port],
      ...addresses.flatMap((address): [string, number][] => [
        [address, port],
        [address, 4222],
        [address, 5432],
      ]),
    ];
    const run = await box.run({
      language: 'python3',
      content: PROBE,
      args: { targets },
      argOrder: ['targets'],
      network: 'outbound',
    });
    assert.equal(run.status, 'success', JSON.stringify(run));
    const result = run.result as Record<string, string>;
    for (const [host, p] of targets)
      assert.notEqual(result[`${host}:${p}`], 'connected', `${host}:${p}: ${JSON.stringify(result)}`);
  });
});

describe('DockerSandbox: slirp4netns and the host', () => {
  it("leaves mounts below a shared mount alone (as docker's container roots under /var/lib/docker)", async () => {
    // In a mount namespace of the test's own, whose mounts no other process's slirp can reach: a
    // shared tmpfs with a child mount, and the worker's exact slirp command attached to a
    // container's network namespace. Unpatched, slirp's sandbox set-up unmounted the child.
    const container = await box.docker.createContainer({
      Image: runtimeImage('bash').tag,
      Cmd: ['/usr/bin/sleep', '30'],
      HostConfig: { NetworkMode: 'none' },
      Labels: { [LABEL.worker]: box.workerName },
    });
    try {
      await container.start();
      const pid = (await container.inspect()).State.Pid;
      const dir = await mkdtemp(join(tmpdir(), 'runnel-docker-shared-'));
      const quoted = slirpCommand()
        .map((arg) => `'${arg.replace(/'/g, `'\\''`)}'`)
        .join(' ');
      const script = [
        'set -e',
        `mount -t tmpfs tmpfs ${dir}`,
        `mount --make-shared ${dir}`,
        `mkdir ${dir}/child`,
        `mount -t tmpfs tmpfs ${dir}/child`,
        // slirp's ready and exit descriptors: a pipe kept open while it starts.
        `echo ${pid} | ${quoted} >/dev/null 2>&1 3>/dev/null 4< <(sleep 3) &`,
        'sleep 2',
        `grep -c " ${dir}/child " /proc/self/mountinfo || true`,
      ].join('\n');
      const out = execFileSync('unshare', ['--mount', '--propagation', 'private', 'bash', '-c', script], {
        env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', TAP: 'tap0', ROUTES: '' },
        encoding: 'utf8',
      });
      await rm(dir, { recursive: true, force: true });
      assert.equal(out.trim(), '1', "slirp4netns's sandbox unmounted a mount below a shared one");
    } finally {
      await container.remove({ force: true });
    }
  });
});

describe('DockerSandbox: the gpu group', () => {
  it('asks for every GPU through the NVIDIA driver (created, not started: this machine has none)', async () => {
    const spec = containerSpec({
      name: `runnel-gpu-probe-${process.pid}`,
      image: runtimeImage('bash').tag,
      command: ['/usr/bin/true'],
      env: {},
      uid: UID_BASE,
      jobDir: '/tmp',
      binds: [],
      deps: undefined,
      resolvConf: undefined,
      network: 'none',
      limits: { ...DEFAULT_LIMITS, cpuSeconds: 1 },
      gpu: true,
      labels: { [LABEL.worker]: box.workerName },
    });
    const container = await box.docker.createContainer(spec);
    try {
      const info = await container.inspect();
      assert.deepEqual(info.HostConfig.DeviceRequests, [
        { Driver: 'nvidia', Count: -1, DeviceIDs: null, Capabilities: [['gpu']], Options: null },
      ]);
      assert.ok(info.Config.Env.includes('NVIDIA_VISIBLE_DEVICES=all'));
    } finally {
      await container.remove({ force: true });
    }
  });

  it("fails a gpu job on an engine without GPUs with a clear error, and other groups' jobs get no device request", async () => {
    const run = await box.run({ content: 'echo never', tag: 'gpu' });
    assert.equal(run.status, 'failure', JSON.stringify(run));
    assert.equal(run.error?.name, 'GpuUnavailable');
    assert.match(run.error!.message, /NVIDIA Container Toolkit/);
    const plain = await box.run({ content: 'echo fine', tag: 'default' });
    assert.equal(plain.result, 'fine');
    assert.deepEqual(await box.leftovers(), []);
  });
});

describe('DockerSandbox: a worker killed mid-job', () => {
  it('leaves no container running once it starts again', async () => {
    const workerName = `dcrash-${process.pid}`;
    const sandboxModule = fileURLToPath(new URL('../src/sandboxes/index.js', import.meta.url));
    const code = `
      const { DockerSandbox } = await import(${JSON.stringify(sandboxModule)});
      const sandbox = new DockerSandbox({ workerName: ${JSON.stringify(workerName)}, uidBase: ${UID_BASE + 100}, maxSlots: 4 });
      await sandbox.run({ jobId: 'crash', language: 'bash', content: 'echo running; sleep 120', args: {}, argOrder: [],
        timeoutMs: 200000, network: 'none', onLog: (l) => process.stdout.write(l) });`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', code], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('running') && resolve());
      child.once('exit', (c) => reject(new Error(`the worker exited with ${c} before its job ran`)));
    });
    const label = `${LABEL.worker}=${workerName}`;
    const before = await containersLabelled(box.docker, label);
    assert.equal(before.length, 1);
    assert.equal(before[0]!.State, 'running');
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    assert.equal((await containersLabelled(box.docker, label))[0]?.State, 'running', 'the job outlived its worker');
    const again = new DockerSandbox({ workerName, uidBase: UID_BASE + 100, maxSlots: 4 });
    try {
      await again.describe();
      assert.deepEqual(await containersLabelled(box.docker, label), []);
    } finally {
      await again.close();
    }
  });
});
