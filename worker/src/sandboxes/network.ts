import { spawn } from 'node:child_process';

const SLIRP4NETNS = '/usr/bin/slirp4netns';
/** Inside the job's namespace: slirp's gateway is 10.0.2.2 and its DNS forwarder 10.0.2.3. */
export const SLIRP_DNS = '10.0.2.3';
export const TAP_DEVICE = 'tap0';

export interface Slirp {
  stop(): void;
}

/**
 * Gives the network namespace of `targetPid` a tap device routed through slirp4netns, a
 * user-mode TCP/IP stack on the host: the job reaches what the host reaches, except the host's
 * own loopback (`--disable-host-loopback`, so 10.0.2.2 is not the host's 127.0.0.1).
 *
 * slirp4netns runs as root because the namespace belongs to the job's user namespace, which
 * bwrap nests once more (for --uid and --disable-userns) before the job starts, so joining it
 * as the job's uid has no rights over the network namespace. slirp joins `--userns-path`
 * before the network namespace and carries on if that fails; our own user namespace fails
 * (EINVAL), which keeps root's rights. It then drops every capability and confines itself
 * (`--enable-sandbox`, `--enable-seccomp`) before it handles a packet.
 */
export function startSlirp(targetPid: number, timeoutMs = 5000): Promise<Slirp> {
  const child = spawn(
    SLIRP4NETNS,
    [
      '--configure',
      '--mtu=65520',
      '--disable-host-loopback',
      '--enable-sandbox',
      '--enable-seccomp',
      '--userns-path=/proc/self/ns/user',
      '--ready-fd=3',
      // slirp exits when this closes, so a worker that dies takes its slirps with it.
      '--exit-fd=4',
      String(targetPid),
      TAP_DEVICE,
    ],
    { env: {}, stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    if (stderr.length < 4096) stderr += chunk.toString();
  });
  const slirp: Slirp = {
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      child.stdio[4]?.destroy();
    },
  };
  return new Promise((resolve, reject) => {
    const fail = (reason: string): void => {
      clearTimeout(timer);
      slirp.stop();
      reject(new Error(`slirp4netns ${reason}${stderr ? `: ${stderr.trim()}` : ''}`));
    };
    const timer = setTimeout(() => fail(`was not ready after ${timeoutMs} ms`), timeoutMs);
    child.on('error', (err) => fail(`could not start (${err.message})`));
    child.on('exit', (code, signal) => fail(`exited before it was ready (${signal ?? code})`));
    child.stdio[3]!.once('data', () => {
      clearTimeout(timer);
      child.removeAllListeners('exit');
      child.removeAllListeners('error');
      child.on('error', () => {});
      resolve(slirp);
    });
  });
}
