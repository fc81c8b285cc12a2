import { moduleSpecifiers, parseNpmSpecifier } from '../deps/npm-imports.js';
import { SDK_NPM_PACKAGES } from './index.js';

/** Windmill's old Deno module (`https://deno.land/x/windmill@v1.99.0/mod.ts`): its API is the client's. */
const DENO_LAND_WINDMILL = /^https:\/\/deno\.land\/x\/windmill(?:@[^/]+)?\/mod\.ts$/;

/**
 * The bare specifier a module specifier becomes when it names the SDK (`windmill-client`,
 * `npm:windmill-client@^1`, `runnel/…`, Windmill's deno.land module); undefined for anything
 * else. Such imports are never dependencies: the sandbox has the SDK (SDK_TYPESCRIPT_BIND).
 */
export function sdkSpecifier(specifier: string): string | undefined {
  if (DENO_LAND_WINDMILL.test(specifier)) return 'windmill-client';
  const npm = parseNpmSpecifier(specifier.startsWith('npm:') ? specifier.slice(4).replace(/^\//, '') : specifier);
  return npm && SDK_NPM_PACKAGES.has(npm.name) ? `${npm.name}${npm.subpath}` : undefined;
}

/**
 * The code with each import of the SDK written bare (`npm:windmill-client@1.400.0` →
 * `windmill-client`): the bound SDK has one version, and Bun and Deno would otherwise look for
 * the exact one a Windmill script names, or fetch it. Only the specifiers change, so lines and
 * columns of everything else on other lines stay as written.
 */
export function withSdkSpecifiers(code: string): string {
  // Most scripts don't use the SDK: skip the parse unless one of its names appears at all.
  if (!/runnel|windmill/.test(code)) return code;
  let rewritten = code;
  for (const { text, start, end } of moduleSpecifiers(code).reverse()) {
    const bare = sdkSpecifier(text);
    if (bare !== undefined && bare !== text) rewritten = `${rewritten.slice(0, start)}${bare}${rewritten.slice(end)}`;
  }
  return rewritten;
}
