#!/usr/bin/env node
// Builds the docker sandbox's images, one per language, from runtimes/<language>/Dockerfile, tagged
// as the worker looks them up (runtimes/images.ts): runnel/runtime-<language>:<version>-<hash>.
// A tag that exists is kept (--force rebuilds). The base image (debian:bookworm-slim) is made by
// base.sh first when it is missing, on machines that cannot pull it.
// Usage: node scripts/images/build.mjs [--force] [language…]   (default: every language)
// Needs runtimes/ built (`npm run images` builds it first).
import { spawnSync } from 'node:child_process';
import { copyFileSync, linkSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
// nativets has no image: the server runs it (docs/adr/0048).
const { WORKER_LANGUAGES: LANGUAGES } = await import(join(root, 'runtimes/dist/languages.js'));
const { runtimeImage } = await import(join(root, 'runtimes/dist/images.js'));

const argv = process.argv.slice(2);
const force = argv.includes('--force');
const asked = argv.filter((a) => a !== '--force');
for (const language of asked) {
  if (!LANGUAGES.includes(language)) {
    console.error(`images: unknown language "${language}" (one of ${LANGUAGES.join(', ')})`);
    process.exit(2);
  }
}
const languages = asked.length ? asked : LANGUAGES;

const docker = (args, options = {}) => spawnSync('docker', args, { encoding: 'utf8', ...options });
const have = (tag) => docker(['image', 'inspect', tag]).status === 0;

if (docker(['info', '--format', '{{.ServerVersion}}']).status !== 0) {
  console.error('images: the Docker engine does not answer (is dockerd running? DOCKER_HOST?)');
  process.exit(1);
}
if (!have('debian:bookworm-slim')) {
  const base = spawnSync('bash', [join(root, 'scripts/images/base.sh')], { stdio: 'inherit' });
  if (base.status !== 0) process.exit(base.status ?? 1);
}

let failed = 0;
for (const language of languages) {
  let image;
  try {
    image = runtimeImage(language);
  } catch (err) {
    // An interpreter that is not installed (its npm package without a binary): no image, said so.
    console.error(`images: ${language}: not built: ${err.message}`);
    failed++;
    continue;
  }
  if (!force && have(image.tag)) {
    console.log(`images: ${image.tag} exists`);
    continue;
  }
  const context = mkdtempSync(join(tmpdir(), `runnel-image-${language}-`));
  try {
    copyFileSync(join(image.dockerfileDir, 'Dockerfile'), join(context, 'Dockerfile'));
    for (const [name, source] of Object.entries(image.context)) {
      try {
        linkSync(source, join(context, name));
      } catch {
        copyFileSync(source, join(context, name));
      }
    }
    const started = Date.now();
    // --network host: apt-get reaches Debian's mirror where the engine has no bridge of its own.
    const built = docker(['build', '--network', 'host', '-q', '-t', image.tag, context], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    if (built.status !== 0) {
      console.error(`images: ${image.tag}: docker build failed:\n${built.stderr.trim()}`);
      failed++;
      continue;
    }
    console.log(`images: built ${image.tag} in ${Math.round((Date.now() - started) / 1000)} s`);
  } finally {
    rmSync(context, { recursive: true, force: true });
  }
}
process.exit(failed ? 1 : 0);
