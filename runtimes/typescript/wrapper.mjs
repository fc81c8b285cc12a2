// Runs one TypeScript job under Bun or Deno: imports main.ts from this folder, calls its `main` with the values of
// args.json in declared parameter order (RUNNEL_ARG_ORDER), writes result.json, and exits.
// A missing argument is passed as undefined so the parameter's default applies.
import process from 'node:process';

const here = new URL('./', import.meta.url);

// File access. Under Bun, its own API: importing node:fs costs Bun ~3 ms of CPU at start, a third
// of a trivial job's (bench:webhook). Deno has node:fs only.
const io = globalThis.Bun ? bunIo(globalThis.Bun) : await nodeIo();

function bunIo(bun) {
  return {
    read: (url) => bun.file(url).text(),
    write: (url, text) => bun.write(url, text),
    // fd 0 is a socket here (the pool's go message): read to its end.
    stdin: () => new Response(bun.stdin.stream()).text(),
  };
}

async function nodeIo() {
  const { readFileSync, readSync, writeFileSync } = await import('node:fs');
  return {
    read: async (url) => readFileSync(url, 'utf8'),
    write: async (url, text) => writeFileSync(url, text),
    stdin: async () => {
      // fd 0 is a socket, which /dev/stdin can't open: read it to its end.
      const chunks = [];
      const buffer = Buffer.alloc(65536);
      for (let n; (n = readSync(0, buffer)) > 0;) chunks.push(Buffer.from(buffer.subarray(0, n)));
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}

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
  go = JSON.parse((await io.stdin()) || '{}');
  Object.assign(process.env, go.env);
}

let output;
let code = 0;
try {
  // The job's installed dependencies are mounted read-only at RUNNEL_DEPS. A node_modules link in
  // this folder lets Bun and Deno find them as they find any package (Bun ignores NODE_PATH for
  // packages with an `exports` map); the link must exist before main.ts is resolved.
  if (process.env.RUNNEL_DEPS) {
    const { symlinkSync } = await import('node:fs');
    symlinkSync(`${process.env.RUNNEL_DEPS}/node_modules`, new URL('node_modules', here));
    delete process.env.RUNNEL_DEPS;
  }
  const args = JSON.parse(await io.read(new URL('args.json', here)));
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
await io.write(new URL('result.json', here), output);
// Exit now: timers or sockets the script left open must not keep the job running.
process.exit(code);
