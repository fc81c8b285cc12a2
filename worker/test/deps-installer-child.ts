import { setTimeout as sleep } from 'node:timers/promises';
import { DepsCache } from '../src/deps/index.js';
import { fakeInstaller } from './deps-installer.js';

// Another worker process installing into a shared cache, whose install never ends (the test
// kills it): `node deps-installer-child.js <dir> <lock>`.
const [dir, lock] = process.argv.slice(2) as [string, string];
const cache = new DepsCache({
  dir,
  maxBytes: 1024 ** 3,
  sources: {},
  mode: 'root',
  installer: () => ({
    ...fakeInstaller,
    async install(...args) {
      await fakeInstaller.install(...args);
      await sleep(600_000);
    },
  }),
});
await cache.ensure('bun', lock, new AbortController().signal);
