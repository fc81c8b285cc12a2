import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import { SDK_NPM_PACKAGES, SDK_PYTHON_BIND, SDK_PYTHON_MODULES, SDK_TYPESCRIPT_BIND } from './index.js';
import { sdkSpecifier, withSdkSpecifiers } from './specifiers.js';

describe('withSdkSpecifiers', () => {
  it('makes every import of the SDK bare and leaves the rest, keeping the lines', () => {
    const code = [
      `import * as wmill from 'npm:windmill-client@1.400.0';`,
      `import * as old from "https://deno.land/x/windmill@v1.99.0/mod.ts";`,
      `import { getState } from 'runnel@1/index.js';`,
      `import * as same from 'windmill-client';`,
      `const text = 'npm:windmill-client@1 stays in a string';`,
      `import ms from 'npm:ms@2.1.3';`,
    ].join('\n');
    assert.equal(
      withSdkSpecifiers(code),
      [
        `import * as wmill from 'windmill-client';`,
        `import * as old from "windmill-client";`,
        `import { getState } from 'runnel/index.js';`,
        `import * as same from 'windmill-client';`,
        `const text = 'npm:windmill-client@1 stays in a string';`,
        `import ms from 'npm:ms@2.1.3';`,
      ].join('\n'),
    );
  });

  it('returns code that does not name the SDK as it is, without parsing it', () => {
    const code = `export function main( {`;
    assert.equal(withSdkSpecifiers(code), code);
  });

  it('knows the SDK names only, not packages that start like them', () => {
    assert.equal(sdkSpecifier('windmill-client-extra'), undefined);
    assert.equal(sdkSpecifier('npm:runnel-x@1'), undefined);
    assert.equal(sdkSpecifier('https://deno.land/x/windmill_other/mod.ts'), undefined);
    assert.equal(sdkSpecifier('npm:runnel'), 'runnel');
  });
});

describe('the SDK folders', () => {
  it('hold one package per SDK name, in each language', () => {
    assert.deepEqual(readdirSync(SDK_TYPESCRIPT_BIND.source).sort(), [...SDK_NPM_PACKAGES].sort());
    assert.deepEqual(readdirSync(SDK_PYTHON_BIND.source).sort(), [...SDK_PYTHON_MODULES].sort());
  });
});
