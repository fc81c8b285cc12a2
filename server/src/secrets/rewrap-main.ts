import { loadServerConfig } from '../common/config.js';
import { openDatabase } from '../database/database.js';
import { SecretKeys } from './secret-keys.js';

// `npm run rewrap-keys -w server`: POST /api/secrets/rewrap without a running server, with the
// server's own settings (DATABASE_URL, RUNNEL_MASTER_KEY, RUNNEL_MASTER_KEY_PREVIOUS).
try {
  const config = loadServerConfig();
  const db = await openDatabase(config.databaseUrl);
  try {
    const { rewrapped, total, master_key_id } = await new SecretKeys(config, db).rewrap();
    console.log(`re-wrapped ${rewrapped} of ${total} workspace data keys under master key ${master_key_id}`);
  } finally {
    await db.destroy();
  }
} catch (err) {
  console.error(`runnel rewrap-keys: ${(err as Error).message}`);
  process.exitCode = 1;
}
