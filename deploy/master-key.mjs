// Makes the secrets' master key once, for docker-compose.yml's `keys` service: 32 random bytes,
// base64, in the file given (default /keys/master-key), readable by its owner only. A key that is
// there is kept: it is the only way to read the secrets written under it.
// Usage: node deploy/master-key.mjs [file]
import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';

const file = process.argv[2] ?? '/keys/master-key';
if (existsSync(file)) {
  console.log(`master key: kept ${file}`);
} else {
  // 'wx': two starts at once can't both write one.
  writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  console.log(
    `master key: made ${file}. Back it up (docker compose exec server cat ${file}): ` +
      'without it no secret can be read.',
  );
}
