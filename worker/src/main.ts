import { loadWorkerConfig } from './config.js';
import { startWorker } from './worker.js';

const worker = await startWorker(loadWorkerConfig());
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1);
    stopping = true;
    console.log(`worker: ${signal}, finishing running jobs (send again to force)`);
    void worker.stop().then(() => process.exit(0));
  });
}
