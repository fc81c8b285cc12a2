import { startServer } from './app.js';
import { loadServerConfig } from './common/config.js';

let server;
try {
  server = await startServer(loadServerConfig(), undefined, { console: true });
} catch (err) {
  // A configuration mistake is told as one line, not a stack trace.
  console.error(`runnel server: ${(err as Error).message}`);
  process.exit(1);
}
const running = server;
if (running.bootstrap.password) {
  console.log(`\nCreated user "admin", password: ${running.bootstrap.password} (shown once)\n`);
}
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1);
    stopping = true;
    void running.close().then(() => process.exit(0));
  });
}
