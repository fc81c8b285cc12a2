// Runs one TypeScript job under Bun or Deno: imports main.ts from this folder, calls its `main` with the values of
// args.json in declared parameter order (RUNNEL_ARG_ORDER), writes result.json, and exits.
// A missing argument is passed as undefined so the parameter's default applies.
import { readFileSync, readSync, symlinkSync, writeFileSync } from 'node:fs';
import process from 'node:process';

const here = new URL('./', import.meta.url);

function errorOf(err) {
  if (err instanceof Error) return { name: err.name, message: err.message, stack: err.stack };
  let message;
  try {
    message = typeof err === 'string' ? err : JSON.stringify(err);
  } catch {
    message = String(err);
  }
  return { name: 'Error', message: `a non-Error value was thrown: ${message}` };
}

function serialize(result) {
  return JSON.stringify({ ok: true, result: result === undefined ? null : result }, (_key, value) =>
    typeof value === 'bigint' ? value.toString() : value,
  );
}

// Pool mode (RUNNEL_POOL): the sandbox was started before its job was known. It waits for the go
// message on stdin, to its end: the job's environment and argument order.
let go;
if (process.env.RUNNEL_POOL) {
  delete process.env.RUNNEL_POOL;
  // fd 0 is a socket, which /dev/stdin can't open: read it to its end.
  const chunks = [];
  const buffer = Buffer.alloc(65536);
  for (let n; (n = readSync(0, buffer)) > 0;) chunks.push(Buffer.from(buffer.subarray(0, n)));
  go = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
  Object.assign(process.env, go.env);
}

let output;
let code = 0;
try {
  // The job's installed dependencies are mounted read-only at RUNNEL_DEPS. A node_modules link in
  // this folder lets Bun and Deno find them as they find any package (Bun ignores NODE_PATH for
  // packages with an `exports` map); the link must exist before main.ts is resolved.
  if (process.env.RUNNEL_DEPS) {
    symlinkSync(`${process.env.RUNNEL_DEPS}/node_modules`, new URL('node_modules', here));
    delete process.env.RUNNEL_DEPS;
  }
  const args = JSON.parse(readFileSync(new URL('args.json', here), 'utf8'));
  const order = go ? go.argOrder : JSON.parse(process.env.RUNNEL_ARG_ORDER ?? '[]');
  delete process.env.RUNNEL_ARG_ORDER;
  const script = await import(new URL('main.ts', here).href);
  if (typeof script.main !== 'function') {
    throw new TypeError('the script must export a function named main');
  }
  output = serialize(await script.main(...order.map((name) => args[name])));
} catch (err) {
  code = 1;
  console.error(err);
  output = JSON.stringify({ ok: false, error: errorOf(err) });
}
writeFileSync(new URL('result.json', here), output);
// Exit now: timers or sockets the script left open must not keep the job running.
process.exit(code);
