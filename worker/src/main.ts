import { loadWorkerConfig } from './config.js';
import { startWorker, type RunningWorker } from './worker.js';

let worker: RunningWorker;
try {
  worker = await startWorker(loadWorkerConfig());
} catch (err) {
  // A configuration mistake is told as one line, not a stack trace.
  console.error(`runnel worker: ${(err as Error).message}`);
  process.exit(1);
}
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1);
    stopping = true;
    console.log(`worker: ${signal}, finishing running jobs (send again to force)`);
    void worker.stop().then(() => process.exit(0));
  });
}
