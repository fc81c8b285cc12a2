import { dedicatedSettings, loadWorkerConfig, ProcessSandbox, startWorker } from '@runnel/worker';

/**
 * A worker process as worker/src/main.ts starts one, with its sandbox's uids and work folder set
 * apart (BENCH_UID_BASE, BENCH_WORK_ROOT): several root workers on one machine would otherwise share
 * the uids 100000… and their slot folders, which a Kubernetes pod of its own never does. The bench
 * starts it for more than one worker process at a time (bench:scale).
 */
const config = loadWorkerConfig();
const sandbox = new ProcessSandbox({
  mode: config.sandboxMode,
  uidBase: Number(process.env.BENCH_UID_BASE),
  maxSlots: 64,
  workRoot: process.env.BENCH_WORK_ROOT,
  limits: { cpus: config.cpus, diskMb: config.diskMb, logBytes: config.logMaxBytes },
  dedicated: dedicatedSettings(config),
});
const worker = await startWorker(config, sandbox);
let stopping = false;
process.on('SIGTERM', () => {
  if (stopping) return;
  stopping = true;
  void worker.stop().then(() => process.exit(0));
});
