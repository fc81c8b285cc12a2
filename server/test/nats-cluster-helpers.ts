import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';

const NATS_SERVER = process.env.NATS_SERVER_BIN ?? '/usr/sbin/nats-server';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface ClusterNode {
  /** server_name, as JetStream names a stream's leader and replicas. */
  name: string;
  url: string;
  process: ChildProcess | undefined;
  /** The output of every run of this node. */
  log: string;
}

/**
 * A JetStream cluster of real `nats-server` processes on this machine, each with its own store in
 * a temporary folder and routes to all the others.
 */
export class NatsCluster {
  readonly nodes: ClusterNode[] = [];
  private readonly dir = mkdtempSync(join(tmpdir(), 'runnel-cluster-'));

  /** The client URLs of every node, as NATS_URL takes them. */
  get natsUrl(): string {
    return this.nodes.map((n) => n.url).join(',');
  }

  node(name: string): ClusterNode {
    const node = this.nodes.find((n) => n.name === name);
    if (!node) throw new Error(`no node ${name} in the cluster (${this.nodes.map((n) => n.name).join(', ')})`);
    return node;
  }

  static async start(size: number): Promise<NatsCluster> {
    const cluster = new NatsCluster();
    const ports = await Promise.all(
      Array.from({ length: size }, async () => ({ client: await freePort(), route: await freePort() })),
    );
    const routes = ports.map((p) => `nats-route://127.0.0.1:${p.route}`);
    ports.forEach((p, i) => {
      const name = `n${i + 1}`;
      mkdirSync(join(cluster.dir, name));
      writeFileSync(
        join(cluster.dir, `${name}.conf`),
        [
          `server_name: ${name}`,
          `listen: 127.0.0.1:${p.client}`,
          `cluster { name: runnel-cluster-test, listen: 127.0.0.1:${p.route}, routes: [${routes.join(', ')}] }`,
        ].join('\n'),
      );
      cluster.nodes.push({ name, url: `nats://127.0.0.1:${p.client}`, process: undefined, log: '' });
    });
    for (const node of cluster.nodes) cluster.startNode(node.name);
    await cluster.ready();
    return cluster;
  }

  startNode(name: string): void {
    const node = this.node(name);
    const conf = join(this.dir, `${name}.conf`);
    // JetStream and its store on the command line; the rest (name, ports, routes) in the file.
    // setpriv --pdeathsig: the node dies with the test process even when the runner kills it on a
    // timeout, before any `after` hook could.
    const args = ['--pdeathsig', 'KILL', '--', NATS_SERVER, '-c', conf, '-js', '-sd', join(this.dir, name)];
    const child = spawn('setpriv', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const append = (chunk: Buffer) => (node.log += chunk.toString());
    child.stdout.on('data', append);
    child.stderr.on('data', append);
    node.process = child;
  }

  /** SIGKILL, as a machine that dies: no lame-duck mode, no leadership handed over. */
  async killNode(name: string): Promise<void> {
    const child = this.node(name).process;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  /** Resolves once every node answers and JetStream's meta group has a leader (it then takes API calls). */
  async ready(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (const node of this.nodes) {
      for (;;) {
        const ok = await connect({ servers: node.url, reconnect: false, timeout: 1000 }).then(
          async (nc) => {
            try {
              await (await jetstreamManager(nc)).getAccountInfo();
              return true;
            } catch {
              return false;
            } finally {
              await nc.close();
            }
          },
          () => false,
        );
        if (ok) break;
        if (node.process?.exitCode !== null) throw new Error(`NATS node ${node.name} exited: ${node.log.slice(-2000)}`);
        if (Date.now() > deadline) throw new Error(`NATS node ${node.name} not ready: ${node.log.slice(-2000)}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }

  /** Kills every node and deletes the stores; safe to call after a failure, and twice. */
  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((n) => this.killNode(n.name)));
    rmSync(this.dir, { recursive: true, force: true });
  }
}
