/**
 * `fetch` for nativets runs (docs/adr/0048): the isolate hands over its calls (FetchRequest,
 * server/src/isolate/native-program.ts) and this makes them from the server, held to the job's
 * network policy as a worker holds a sandboxed job to it:
 *
 * - `none`: every call fails;
 * - `outbound`: any host except the platform's own: loopback, unspecified, link-local (cloud
 *   metadata), multicast, every address of this machine's interfaces, and the addresses of its
 *   PostgreSQL and NATS. The check is made on the address actually connected to (DNS answers
 *   included, each redirect again), so a name that resolves to 127.0.0.1 is refused too;
 * - `host`: anything the server reaches.
 *
 * Each run has a budget: MAX_RUN_BYTES of response bodies in all. Bodies come back as text.
 */
import { lookup as dnsLookup, promises as dnsPromises, type LookupAddress } from 'node:dns';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { networkInterfaces } from 'node:os';
import type { JobNetwork } from '@runnel/protocol';
import type { FetchRequest, FetchResult } from '../isolate/native-program.js';

const MiB = 1024 * 1024;
/** Response bodies one run may receive, in all. */
export const MAX_RUN_BYTES = 16 * MiB;
const MAX_REDIRECTS = 10;
/** How long the platform's resolved addresses and this machine's interfaces are kept. */
const ADDRESSES_TTL_MS = 10_000;

/** Addresses no `outbound` call may reach, whatever else is refused. */
const SPECIAL = new BlockList();
SPECIAL.addSubnet('0.0.0.0', 8, 'ipv4');
SPECIAL.addSubnet('127.0.0.0', 8, 'ipv4');
SPECIAL.addSubnet('169.254.0.0', 16, 'ipv4');
SPECIAL.addSubnet('224.0.0.0', 4, 'ipv4');
SPECIAL.addAddress('255.255.255.255', 'ipv4');
SPECIAL.addAddress('::', 'ipv6');
SPECIAL.addAddress('::1', 'ipv6');
SPECIAL.addSubnet('fe80::', 10, 'ipv6');
SPECIAL.addSubnet('ff00::', 8, 'ipv6');

/** `::ffff:127.0.0.1` is 127.0.0.1; an IPv6 zone (`fe80::1%eth0`) is not part of the address. */
function plain(address: string): string {
  const bare = address.replace(/%.*$/, '').toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(bare);
  return mapped ? mapped[1]! : bare;
}

/** One run's allowance, shared by all of its calls. */
export interface FetchBudget {
  bytesLeft: number;
}

class Refused extends Error {}

export class NativeFetch {
  private own = new Set<string>();
  private ownAt = 0;
  private platform = new Set<string>();

  /** `platformHosts`: the host names of the server's PostgreSQL and NATS. */
  private constructor(private readonly platformHosts: string[]) {}

  static async start(platformHosts: string[]): Promise<NativeFetch> {
    const fetcher = new NativeFetch(platformHosts);
    await fetcher.resolvePlatform();
    return fetcher;
  }

  /** Makes the calls of one batch side by side; each answers a response or the reason it failed. */
  serve(
    requests: FetchRequest[],
    network: JobNetwork,
    budget: FetchBudget,
    signal: AbortSignal,
  ): Promise<FetchResult[]> {
    return Promise.all(requests.map((request) => this.one(request, network, budget, signal)));
  }

  private async one(
    request: FetchRequest,
    network: JobNetwork,
    budget: FetchBudget,
    signal: AbortSignal,
  ): Promise<FetchResult> {
    const fail = (message: string): FetchResult => ({
      id: request.id,
      ok: false,
      message: `fetch ${request.url}: ${message}`,
    });
    if (network === 'none') return fail('this script has no network (network "none")');
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return { id: request.id, ok: false, message: `fetch: ${JSON.stringify(request.url)} is not an absolute URL` };
    }
    let { method, body } = request;
    for (let hop = 0; ; hop++) {
      if (url.protocol !== 'http:' && url.protocol !== 'https:')
        return fail(`only http: and https: URLs can be fetched`);
      let response: IncomingMessage;
      try {
        response = await this.send(url, method, request.headers, body, network, signal);
      } catch (err) {
        return fail(err instanceof Refused ? err.message : ((err as Error).message ?? String(err)));
      }
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      if ([301, 302, 303, 307, 308].includes(status) && location !== undefined && request.redirect !== 'manual') {
        response.resume();
        if (request.redirect === 'error') return fail(`redirected (${status}) while redirect is "error"`);
        if (hop >= MAX_REDIRECTS) return fail(`more than ${MAX_REDIRECTS} redirects`);
        try {
          url = new URL(location, url);
        } catch {
          return fail(`redirected to ${JSON.stringify(location)}, which is not a URL`);
        }
        if (status === 303 || ((status === 301 || status === 302) && method === 'POST')) {
          method = method === 'HEAD' ? 'HEAD' : 'GET';
          body = null;
        }
        continue;
      }
      const text = await this.read(response, budget, signal);
      if (text instanceof Error) return fail(text.message);
      const headers: [string, string][] = [];
      for (const [name, value] of Object.entries(response.headers)) {
        if (value !== undefined) headers.push([name, Array.isArray(value) ? value.join(', ') : value]);
      }
      return {
        id: request.id,
        ok: true,
        status,
        statusText: response.statusMessage ?? '',
        url: url.href,
        redirected: hop > 0,
        headers,
        body: text,
      };
    }
  }

  private send(
    url: URL,
    method: string,
    headers: [string, string][],
    body: string | null,
    network: JobNetwork,
    signal: AbortSignal,
  ): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      const literal = isIP(url.hostname.replace(/^\[|\]$/g, ''));
      if (literal && network !== 'host') {
        const refused = this.refusal(url.hostname.replace(/^\[|\]$/g, ''));
        if (refused) return reject(new Refused(refused));
      }
      const client = url.protocol === 'https:' ? https : http;
      const outgoing = client.request(url, {
        method,
        headers: Object.fromEntries(headers),
        signal,
        ...(network === 'host' ? {} : { lookup: this.lookup }),
      });
      outgoing.on('response', resolve);
      outgoing.on('error', reject);
      outgoing.end(body ?? undefined);
    });
  }

  private read(response: IncomingMessage, budget: FetchBudget, signal: AbortSignal): Promise<string | Error> {
    return new Promise((resolve) => {
      const chunks: Buffer[] = [];
      const over = (): void => {
        response.destroy();
        resolve(new Error(`the responses of this run are over ${MAX_RUN_BYTES / MiB} MiB in all`));
      };
      response.on('data', (chunk: Buffer) => {
        budget.bytesLeft -= chunk.length;
        if (budget.bytesLeft < 0) return over();
        chunks.push(chunk);
      });
      response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      response.on('error', (err) => resolve(signal.aborted ? new Error('the run is over') : err));
    });
  }

  /** Resolves as Node would, then refuses the name if any of its addresses is the platform's own. */
  private readonly lookup: LookupFunction = (hostname, options, callback) => {
    dnsLookup(hostname, { all: true, family: options.family ?? 0 }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      for (const { address } of addresses) {
        const refused = this.refusal(address, hostname);
        if (refused) return callback(new Refused(refused), '', 0);
      }
      if ((options as { all?: boolean }).all)
        return (callback as (e: null, a: LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };

  /** Why `outbound` may not reach `address` (of `name`), or undefined. */
  private refusal(address: string, name?: string): string | undefined {
    const ip = plain(address);
    const family = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
    const own = SPECIAL.check(ip, family) || this.ownAddresses().has(ip);
    if (!own) return undefined;
    const which = name && name !== address ? `${name} (${ip})` : ip;
    return `${which} is one of the platform's own addresses; network "outbound" reaches other hosts only`;
  }

  /** This machine's interface addresses and those of its PostgreSQL and NATS, refreshed now and then. */
  private ownAddresses(): Set<string> {
    const now = Date.now();
    if (now - this.ownAt < ADDRESSES_TTL_MS) return this.own;
    this.ownAt = now;
    const own = new Set(this.platform);
    for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) own.add(plain(a.address));
    this.own = own;
    void this.resolvePlatform();
    return own;
  }

  /** Resolves the platform's host names; until an answer comes, the previous one holds. */
  async resolvePlatform(): Promise<void> {
    const found = new Set<string>();
    await Promise.all(
      this.platformHosts.map(async (host) => {
        if (isIP(host)) return found.add(plain(host));
        try {
          for (const { address } of await dnsPromises.lookup(host, { all: true })) found.add(plain(address));
        } catch {
          // Unresolvable now: the server cannot reach it either.
        }
      }),
    );
    this.platform = found;
    for (const address of found) this.own.add(address);
  }
}

/** The host names in a PostgreSQL URL and NATS server URLs. */
export function platformHosts(databaseUrl: string, natsServers: string[]): string[] {
  const hosts = new Set<string>();
  for (const url of [databaseUrl, ...natsServers.map((s) => (s.includes('://') ? s : `nats://${s}`))]) {
    try {
      const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
      if (host) hosts.add(host);
    } catch {
      // A URL the clients accept but URL does not: its host is not known here.
    }
  }
  return [...hosts];
}
