import { loadServerConfig } from '../common/config.js';
import { openDatabase } from '../database/database.js';
import { SecretKeys } from './secret-keys.js';

// `npm run rewrap-keys -w server`: POST /api/secrets/rewrap without a running server, with the
// server's own settings (DATABASE_URL, RUNNEL_MASTER_KEY, RUNNEL_MASTER_KEY_PREVIOUS). The audit
// entry names the command: whoever runs it has the database, not a Runnel user.
try {
  const config = loadServerConfig();
  const db = await openDatabase(config.databaseUrl);
  try {
    const { rewrapped, total, master_key_id } = await new SecretKeys(config, db).rewrap({
      userId: null,
      username: 'npm run rewrap-keys',
      from: undefined,
    });
    console.log(`re-wrapped ${rewrapped} of ${total} workspace data keys under master key ${master_key_id}`);
  } finally {
    await db.destroy();
  }
} catch (err) {
  console.error(`runnel rewrap-keys: ${(err as Error).message}`);
  process.exitCode = 1;
}
