import { readFile } from 'node:fs/promises';
import { networkInterfaces } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { spawner } from './spawner.js';

const SLIRP4NETNS = '/usr/bin/slirp4netns';
/** Inside the job's namespace: slirp's gateway is 10.0.2.2 and its DNS forwarder 10.0.2.3. */
export const SLIRP_DNS = '10.0.2.3';
export const TAP_DEVICE = 'tap0';

export interface Slirp {
  stop(): void;
}

export interface AttachedSlirp extends Slirp {
  /** Resolves once slirp4netns has exited (stopped, or died). */
  exited: Promise<unknown>;
}

export interface UnattachedSlirp extends Slirp {
  /** Starts slirp4netns for the network namespace of `targetPid`; resolves once it is configured. */
  attach(targetPid: number, timeoutMs?: number): Promise<AttachedSlirp>;
}

/**
 * `ip -batch` lines that make every IPv4 address of the host's own interfaces unreachable from
 * a job: slirp connects from the host, so without them a job reaches whatever listens there on
 * 0.0.0.0 (the server, PostgreSQL, NATS) through the host's non-loopback addresses. Loopback is
 * slirp's own `--disable-host-loopback`; slirp gives the job no IPv6. Read for each sandbox:
 * addresses come and go (DHCP, a new bridge).
 */
export function hostRoutes(): string {
  const routes = new Set<string>();
  for (const addresses of Object.values(networkInterfaces())) {
    for (const { family, address } of addresses ?? []) {
      if (family === 'IPv4' && !address.startsWith('127.')) routes.add(`route add unreachable ${address}/32\n`);
    }
  }
  return [...routes].join('');
}

/**
 * Gives the network namespace of a process a tap device routed through slirp4netns, a
 * user-mode TCP/IP stack on the host: the job reaches what the host reaches, except the host
 * itself: its loopback (`--disable-host-loopback`, so 10.0.2.2 is not the host's 127.0.0.1)
 * and its other addresses (hostRoutes).
 *
 * The process is started at once, before the namespace exists, as a shell that waits for the
 * namespace's pid and then becomes slirp4netns (an exec), so its start overlaps the sandbox's
 * own instead of following it.
 *
 * slirp4netns runs as root because the namespace belongs to the job's user namespace, which
 * bwrap nests once more (for --uid and --disable-userns) before the job starts, so joining it
 * as the job's uid has no rights over the network namespace. slirp joins `--userns-path`
 * before the network namespace and carries on if that fails; our own user namespace fails
 * (EINVAL), which keeps root's rights. It then drops every capability and confines itself
 * (`--enable-sandbox`, `--enable-seccomp`) before it handles a packet.
 */
/** `/bin/sh` and its arguments that start slirp4netns as launchSlirp does (it reads the target pid on stdin). */
export function slirpCommand(): string[] {
  return [
    '/bin/sh',
    '-c',
    // The host's own addresses are made unreachable in the job's namespace before slirp starts
    // (so before the job does): nsenter and ip run as root, the job can't undo a route.
    // slirp runs in a mount namespace whose mounts are all private (unshare --mount makes them
    // so): its --enable-sandbox makes only / private before it detaches the old root, which, as
    // root of the initial user namespace, would unmount the host's mounts below every shared
    // submount (docker's container root filesystems under a shared /var/lib/docker, say).
    'read -r pid && printf "%s" "$ROUTES" | nsenter --net="/proc/$pid/ns/net" ip -batch - && exec unshare --mount --propagation private "$0" "$@" "$pid" "$TAP"',
    SLIRP4NETNS,
    '--configure',
    '--mtu=65520',
    '--disable-host-loopback',
    '--enable-sandbox',
    '--enable-seccomp',
    '--userns-path=/proc/self/ns/user',
    '--ready-fd=3',
    // slirp exits when this closes, so a worker that dies takes its slirps with it.
    '--exit-fd=4',
  ];
}

export function launchSlirp(): UnattachedSlirp {
  const [shell, ...args] = slirpCommand();
  let stopped = false;
  let stderr = '';
  const started = spawner.spawn(shell!, args, {
    env: { TAP: TAP_DEVICE, ROUTES: hostRoutes(), PATH: '/usr/sbin:/usr/bin:/sbin:/bin' },
    stdio: ['pipe', 'ignore', 'pipe', 'pipe', 'pipe'],
  });
  const stop = (): void => {
    stopped = true;
    void started.then(
      (slirp) => {
        slirp.kill('SIGKILL');
        for (const pipe of slirp.stdio) pipe?.destroy();
      },
      () => {},
    );
  };
  void started.then(
    (slirp) => {
      slirp.stdio[2]?.on('data', (chunk: Buffer) => {
        if (stderr.length < 4096) stderr += chunk.toString();
      });
    },
    () => {},
  );
  return {
    stop,
    attach: (targetPid, timeoutMs = 5000) =>
      new Promise((resolve, reject) => {
        let settled = false;
        const fail = (reason: string): void => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          stop();
          reject(new Error(`slirp4netns ${reason}${stderr ? `: ${stderr.trim()}` : ''}`));
        };
        const timer = setTimeout(() => fail(`was not ready after ${timeoutMs} ms`), timeoutMs);
        started.then(
          async (slirp) => {
            const [stdin, , , ready] = slirp.stdio;
            void slirp.exited.then(({ code, signal }) => fail(`exited before it was ready (${signal ?? code})`));
            ready?.once('data', () => {
              if (settled) return;
              settled = true;
              clearTimeout(timer);
              resolve({ stop, exited: slirp.exited });
            });
            // slirp's --configure also brings `lo` up, which gives it 127.0.0.1 by itself; bwrap,
            // adding that address to `lo` meanwhile, would then fail. So slirp waits for bwrap's.
            await loopbackConfigured(targetPid, () => !settled && !stopped);
            stdin?.end(`${targetPid}\n`);
          },
          (err: Error) => fail(`could not start (${err.message})`),
        );
      }),
  };
}

/**
 * Resolves once the network namespace of `pid` has 127.0.0.1 (bwrap sets it up right after
 * creating the namespace), or once the process is gone or `waiting` says the wait is over.
 */
async function loopbackConfigured(pid: number, waiting: () => boolean): Promise<void> {
  for (;;) {
    const routes = await readFile(`/proc/${pid}/net/fib_trie`, 'utf8').catch(() => undefined);
    if (routes === undefined || routes.includes('127.0.0.1') || !waiting()) return;
    await sleep(1);
  }
}
