import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveBunBinary } from './bun/prepare.js';
import { resolveDenoBinary } from './deno/prepare.js';
import type { Language } from './languages.js';

/**
 * The docker sandbox's image of each language (docs/adr/0045-docker-sandbox.md), built from
 * `runtimes/<language>/Dockerfile` by `npm run images` (scripts/images/build.mjs) and found by
 * the worker under the same tag: `runnel/runtime-<language>:<project version>-<content hash>`.
 * The hash covers the Dockerfile and what goes into its build context, so a changed Dockerfile
 * or interpreter makes a new tag, never a stale image under the old one.
 */
export interface RuntimeImage {
  language: Language;
  tag: string;
  /** The folder of the Dockerfile. */
  dockerfileDir: string;
  /** Files copied into the build context beside the Dockerfile: name in the context → host path. */
  context: Record<string, string>;
}

/** This file's source folder (compiled code runs from runtimes/dist/). */
const SOURCE_ROOT = fileURLToPath(new URL('../', import.meta.url));

/** The project's version, from the root package.json. */
function projectVersion(): string {
  const text = readFileSync(join(SOURCE_ROOT, '..', 'package.json'), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}

/** The version of the npm package a binary came with (the nearest package.json above it). */
function packageVersion(file: string): string {
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const { name, version } = JSON.parse(readFileSync(manifest, 'utf8')) as { name: string; version: string };
      return `${name}@${version}`;
    }
  }
  throw new Error(`no package.json above ${file}`);
}

/** Interpreters that are not Debian packages: copied from the npm package the process sandbox binds too. */
const BINARIES: Partial<Record<Language, { name: string; resolve: () => string }>> = {
  bun: { name: 'bun', resolve: resolveBunBinary },
  deno: { name: 'deno', resolve: resolveDenoBinary },
};

const cache = new Map<Language, RuntimeImage>();

/**
 * The image of `language`: its tag and build context. Throws when the interpreter it copies is
 * not installed (e.g. Deno's npm package without its binary).
 */
export function runtimeImage(language: Language): RuntimeImage {
  const known = cache.get(language);
  if (known) return known;
  const dockerfileDir = join(SOURCE_ROOT, language);
  const hash = createHash('sha256').update(readFileSync(join(dockerfileDir, 'Dockerfile')));
  const context: Record<string, string> = {};
  const binary = BINARIES[language];
  if (binary) {
    const path = binary.resolve();
    context[binary.name] = path;
    // The package's version stands for the binary's content: hashing 100 MB at each start would cost.
    hash.update(`\0${binary.name}\0${packageVersion(path)}`);
  }
  const image: RuntimeImage = {
    language,
    tag: `runnel/runtime-${language}:${projectVersion()}-${hash.digest('hex').slice(0, 12)}`,
    dockerfileDir,
    context,
  };
  cache.set(language, image);
  return image;
}
