import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { prepareJob } from '../index.js';
import type { Language } from '../languages.js';
import { bunDeps } from '../deps/bun.js';
import { denoDeps } from '../deps/deno.js';
import { DependencyError } from '../deps/types.js';

// These talk to the real npm registry (reachable wherever Runnel is built); each npm run takes 1–3 s.
const registry = {};
const signal = () => AbortSignal.timeout(60_000);
const requirements = [
  { name: 'is-number', range: '^7' },
  { name: 'ms', range: '2.1.3' },
];

interface LockFile {
  name: string;
  packages: Record<string, { version?: string; integrity?: string; resolved?: string }>;
}

/**
 * Runs a prepared job as the sandbox would, without one: in-sandbox paths (/job, the bound
 * binaries, /tmp) mapped to host folders, and as `nobody` when this runs as root, so that a
 * read-only dependency folder really is read-only.
 */
function runPrepared(language: Language, content: string, deps: string): { result: unknown; stderr: string } {
  const jobDir = mkdtempSync(join(tmpdir(), 'runnel-deps-job-'));
  const scratch = mkdtempSync(join(tmpdir(), 'runnel-deps-tmp-'));
  try {
    chmodSync(jobDir, 0o777);
    chmodSync(scratch, 0o777);
    const prepared = prepareJob(language, { content, args: {}, argOrder: [], deps });
    for (const [name, text] of Object.entries(prepared.files)) writeFileSync(join(jobDir, name), text);
    const host = (arg: string): string => {
      const bind = prepared.binds.find(({ target }) => target === arg);
      if (bind) return bind.source;
      // Without a sandbox, the deps folder's in-sandbox path is its host path.
      if (arg === deps) return arg;
      return arg.startsWith('/job/') ? `${jobDir}${arg.slice('/job'.length)}` : arg.replace(/^\/tmp(?=\/|$)/, scratch);
    };
    const [command, ...args] = prepared.command.map(host);
    const env = Object.fromEntries(Object.entries(prepared.env).map(([name, value]) => [name, host(value)]));
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const run = spawnSync(command!, args, {
      cwd: jobDir,
      env: { ...env, PATH: '/usr/bin:/bin' },
      encoding: 'utf8',
      timeout: 60_000,
      ...asNobody,
    });
    const stderr = `${run.stderr}${run.error?.message ?? ''}`;
    let result: unknown;
    try {
      result = JSON.parse(readFileSync(join(jobDir, 'result.json'), 'utf8'));
    } catch {
      result = undefined;
    }
    return { result, stderr };
  } finally {
    rmSync(jobDir, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  }
}

describe('npm lock and install (Bun and Deno)', () => {
  let lock = '';
  let deps = '';

  before(async () => {
    lock = await bunDeps.lock(requirements, registry, signal());
    deps = mkdtempSync(join(tmpdir(), 'runnel-deps-installed-'));
    await bunDeps.install(lock, deps, registry, signal());
    // What the sandbox sees: readable by anyone, writable by no one.
    spawnSync('chmod', ['-R', 'a=rX', deps]);
  });

  after(() => {
    spawnSync('chmod', ['-R', 'u+w', deps]);
    rmSync(deps, { recursive: true, force: true });
  });

  it('locks exact versions, registry-independent, the same text twice', async () => {
    const parsed = JSON.parse(lock) as LockFile;
    assert.equal(parsed.name, 'runnel-script');
    assert.equal(parsed.packages['node_modules/ms']?.version, '2.1.3');
    assert.match(parsed.packages['node_modules/is-number']?.version ?? '', /^7\./);
    assert.match(parsed.packages['node_modules/ms']?.integrity ?? '', /^sha512-/);
    assert.equal(parsed.packages['node_modules/ms']?.resolved, undefined);
    // Deno shares npm's lock: the same requirements give the same text.
    assert.equal(await denoDeps.lock(requirements, registry, signal()), lock);
  });

  it('installs node_modules from the lock alone', () => {
    assert.deepEqual(
      readdirSync(join(deps, 'node_modules'))
        .filter((name) => !name.startsWith('.'))
        .sort(),
      ['is-number', 'ms'],
    );
    assert.deepEqual(readdirSync(deps).sort(), ['node_modules', 'package-lock.json', 'package.json']);
  });

  it('runs a Bun script with versioned and bare imports from the read-only folder', () => {
    const content = [
      `import ms from 'ms@2.1.3';`,
      `import isNumber from 'is-number';`,
      `export async function main() { return [ms('2h'), isNumber(7), (await import('ms@2.1.3')).default('1s')]; }`,
    ].join('\n');
    const { result, stderr } = runPrepared('bun', content, deps);
    assert.deepEqual(result, { ok: true, result: [7_200_000, true, 1000] }, stderr);
  });

  it('runs a Deno script with npm: imports from the read-only folder', () => {
    const content = [
      `import ms from 'npm:ms@2.1.3';`,
      `import isNumber from 'npm:is-number@^7';`,
      `export function main() { return [ms('2h'), isNumber(7)]; }`,
    ].join('\n');
    const { result, stderr } = runPrepared('deno', content, deps);
    assert.deepEqual(result, { ok: true, result: [7_200_000, true] }, stderr);
  });

  it('Deno refuses an npm: range the installed lock does not satisfy, fetching nothing', () => {
    const content = `import ms from 'npm:ms@^3';\nexport function main() { return ms('1s'); }`;
    const { result } = runPrepared('deno', content, deps);
    assert.equal((result as { ok: boolean }).ok, false);
    assert.match(JSON.stringify(result), /npm:ms@\^3/);
  });

  it('names an unknown package and quotes npm', async () => {
    const name = `runnel-no-such-package-${process.pid}-${Date.now()}`;
    await assert.rejects(
      bunDeps.lock(
        [
          { name, range: '' },
          { name: 'ms', range: '' },
        ],
        registry,
        signal(),
      ),
      (err: unknown) => {
        assert.ok(err instanceof DependencyError);
        assert.equal(err.packageName, name);
        assert.match(err.message, /E404/);
        assert.doesNotMatch(err.message, /complete log|\n\s+at /);
        return true;
      },
    );
  });

  it('names a package whose range matches no version', async () => {
    await assert.rejects(
      denoDeps.lock(
        [
          { name: 'is-number', range: '^7' },
          { name: 'ms', range: '>=5 <1' },
        ],
        registry,
        signal(),
      ),
      (err: unknown) => {
        assert.ok(err instanceof DependencyError);
        assert.equal(err.packageName, 'ms');
        assert.match(err.message, /ETARGET[\s\S]*No matching version found for ms@>=5 <1/);
        return true;
      },
    );
  });

  it('stops npm when the signal fires and leaves no temporary folder', async () => {
    // A temporary folder of its own (os.tmpdir() reads TMPDIR), so nothing else on the machine counts.
    const previous = process.env.TMPDIR;
    const own = mkdtempSync(join(tmpdir(), 'runnel-deps-abort-'));
    process.env.TMPDIR = own;
    try {
      for (const delay of [0, 300]) {
        const controller = new AbortController();
        const locking = bunDeps.lock([{ name: 'ms', range: '' }], registry, controller.signal);
        setTimeout(() => controller.abort(new Error('deploy cancelled')), delay);
        await assert.rejects(locking, /npm install was stopped: deploy cancelled/);
        assert.deepEqual(readdirSync(own), [], `after ${delay} ms`);
      }
    } finally {
      if (previous === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = previous;
      rmSync(own, { recursive: true, force: true });
    }
  });

  it('refuses a lock that is not a package-lock.json', async () => {
    const into = mkdtempSync(join(tmpdir(), 'runnel-deps-bad-'));
    try {
      await assert.rejects(bunDeps.install('{"nope":1}', into, registry, signal()), DependencyError);
      await assert.rejects(bunDeps.install('not json', into, registry, signal()), DependencyError);
    } finally {
      rmSync(into, { recursive: true, force: true });
    }
  });
});

describe('npm lock and install from a private registry', () => {
  // A registry of one package that answers only with the right token, under a path (as
  // Artifactory and Verdaccio behind a proxy do), so the .npmrc's token line must match it.
  const token = 'runnel-test-token';
  const name = 'runnel-private-pkg';
  const seen: string[] = [];
  let server: Server;
  let registryUrl = '';

  before(async () => {
    const work = mkdtempSync(join(tmpdir(), 'runnel-deps-registry-'));
    mkdirSync(join(work, 'package'));
    writeFileSync(join(work, 'package', 'package.json'), JSON.stringify({ name, version: '1.0.0', main: 'index.js' }));
    writeFileSync(join(work, 'package', 'index.js'), 'module.exports = 42;\n');
    spawnSync('tar', ['czf', 'pkg.tgz', 'package'], { cwd: work });
    const tarball = readFileSync(join(work, 'pkg.tgz'));
    rmSync(work, { recursive: true, force: true });
    const integrity = `sha512-${createHash('sha512').update(tarball).digest('base64')}`;
    server = createServer((request, response) => {
      seen.push(`${request.url} ${request.headers.authorization ?? '-'}`);
      if (request.headers.authorization !== `Bearer ${token}`) {
        response.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"login first"}');
      } else if (request.url === `/npm/${name}`) {
        const tarballUrl = `${registryUrl}${name}/-/${name}-1.0.0.tgz`;
        const version = { name, version: '1.0.0', main: 'index.js', dist: { tarball: tarballUrl, integrity } };
        const packument = { name, 'dist-tags': { latest: '1.0.0' }, versions: { '1.0.0': version } };
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(packument));
      } else if (request.url === `/npm/${name}/-/${name}-1.0.0.tgz`) {
        response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(tarball);
      } else {
        response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    registryUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/npm/`;
  });

  after(() => server.close());

  it('sends the token, keeps it and the registry out of the lock, and installs with it', async () => {
    const sources = { npmRegistry: registryUrl, npmToken: token };
    const lock = await bunDeps.lock([{ name, range: '^1' }], sources, signal());
    assert.equal((JSON.parse(lock) as LockFile).packages[`node_modules/${name}`]?.version, '1.0.0');
    assert.doesNotMatch(lock, new RegExp(`${token}|127\\.0\\.0\\.1`));
    assert.ok(seen.includes(`/npm/${name} Bearer ${token}`), seen.join('\n'));
    const into = mkdtempSync(join(tmpdir(), 'runnel-deps-private-'));
    try {
      await bunDeps.install(lock, into, sources, signal());
      assert.equal(readFileSync(join(into, 'node_modules', name, 'index.js'), 'utf8'), 'module.exports = 42;\n');
      assert.deepEqual(readdirSync(into).sort(), ['node_modules', 'package-lock.json', 'package.json']);
    } finally {
      rmSync(into, { recursive: true, force: true });
    }
  });

  it('names the package when the registry refuses the request', async () => {
    await assert.rejects(
      bunDeps.lock([{ name, range: '^1' }], { npmRegistry: registryUrl }, signal()),
      (err: unknown) => {
        assert.ok(err instanceof DependencyError);
        assert.equal(err.packageName, name);
        assert.match(err.message, /E401/);
        return true;
      },
    );
  });
});
