import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adminLogin, repoRoot, startUp, type UpPlatform } from './up-platform.js';

/** The release of Windmill's CLI that Runnel answers (server/src/health: WINDMILL_API_VERSION). */
export const WMILL_VERSION = '1.819.0';

/**
 * `npm i windmill-cli@WMILL_VERSION` once per checkout, into node_modules/.cache (installed
 * beside, then renamed, so a half-done install is never used): the path of its `wmill` script.
 */
export function installWmill(): string {
  const dir = join(repoRoot, 'node_modules', '.cache', `windmill-cli-${WMILL_VERSION}`);
  const main = join(dir, 'node_modules', 'windmill-cli', 'esm', 'main.js');
  if (existsSync(main)) return main;
  mkdirSync(join(repoRoot, 'node_modules', '.cache'), { recursive: true });
  const staging = mkdtempSync(`${dir}.installing-`);
  const res = spawnSync(
    'npm',
    ['install', '--prefix', staging, '--no-audit', '--no-fund', '--no-save', `windmill-cli@${WMILL_VERSION}`],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  assert.equal(res.status, 0, `npm install windmill-cli@${WMILL_VERSION} failed:\n${res.stdout}\n${res.stderr}`);
  rmSync(dir, { recursive: true, force: true });
  renameSync(staging, dir);
  return main;
}

export interface WmillResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr together, for messages. */
  output: string;
}

/** Windmill's CLI with a home of its own (its profiles live there), run as a user would. */
export class Wmill {
  readonly home = mkdtempSync(join(tmpdir(), 'runnel-wmill-home-'));

  constructor(private readonly main = installWmill()) {}

  /** `wmill <args>` in `cwd` with `env` added; resolves when it exits (killed after `timeoutMs`). */
  run(args: string[], cwd: string, timeoutMs = 120_000, env: Record<string, string> = {}): Promise<WmillResult> {
    return new Promise((done) => {
      const child = spawn(process.execPath, [this.main, ...args], {
        cwd,
        env: {
          PATH: process.env.PATH,
          HOME: this.home,
          XDG_CONFIG_HOME: join(this.home, '.config'),
          NO_COLOR: '1',
          FORCE_COLOR: '0',
          ...(process.env.NODE_EXTRA_CA_CERTS ? { NODE_EXTRA_CA_CERTS: process.env.NODE_EXTRA_CA_CERTS } : {}),
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.on('close', (code) => {
        clearTimeout(timer);
        // The CLI colours its output even when told not to, in places.
        const plain = (s: string) => s.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '');
        done({ code, stdout: plain(stdout), stderr: plain(stderr), output: plain(stdout + stderr) });
      });
    });
  }

  /** Like run(), but a non-zero exit fails with the CLI's output. */
  async ok(args: string[], cwd: string, timeoutMs?: number, env?: Record<string, string>): Promise<WmillResult> {
    const res = await this.run(args, cwd, timeoutMs, env);
    assert.equal(res.code, 0, `wmill ${args.join(' ')} exited ${res.code}:\n${res.output}`);
    return res;
  }

  cleanUp(): void {
    rmSync(this.home, { recursive: true, force: true });
  }
}

/** `npm run up` as the README says, and an API token of its admin. */
export async function startWithToken(): Promise<{ up: UpPlatform; token: string }> {
  const up = await startUp();
  return { up, token: (await adminLogin(up)).token };
}

/** A new empty folder for a CLI project; removed by the caller. */
export const projectDir = () => mkdtempSync(join(tmpdir(), 'runnel-wmill-project-'));
