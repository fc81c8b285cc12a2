import { startServer } from './app.js';
import { loadServerConfig } from './config.js';

const server = await startServer(loadServerConfig());
if (server.bootstrap.password) {
  console.log(`\nCreated user "admin", password: ${server.bootstrap.password} (shown once)\n`);
}
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1);
    stopping = true;
    void server.close().then(() => process.exit(0));
  });
}
