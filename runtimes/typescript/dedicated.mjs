// A dedicated runtime: serves many jobs of one script version under Bun, one after another.
// Reads one request per line on stdin, {"end": MARK, "env": {...}, "args": {...}, "argOrder": [...]};
// for each, sets the job's environment, calls `main` of main.ts (imported by the first job only)
// with the arguments in declared order, writes result.json as wrapper.mjs does, then writes MARK and
// the exit code wrapper.mjs would have exited with ("MARK 0\n" or "MARK 1\n") on stdout and on
// stderr: the worker splits the process's output into jobs there. A failed import of main.ts ends
// the process after its job: the next job starts a fresh one.
import { symlinkSync, writeFileSync } from 'node:fs';
import process from 'node:process';
import { createInterface } from 'node:readline';

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

/** Writes all of `text` to fd 1 or 2 and resolves once it is written, after what the job wrote before. */
function write(stream, text) {
  return new Promise((resolve) => (stream.write(text) ? resolve() : stream.once('drain', resolve)));
}

// As wrapper.mjs: the installed dependencies are linked in before main.ts is resolved.
if (process.env.RUNNEL_DEPS) {
  symlinkSync(`${process.env.RUNNEL_DEPS}/node_modules`, new URL('node_modules', here));
  delete process.env.RUNNEL_DEPS;
}

let script;
for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  if (!line) continue;
  const request = JSON.parse(line);
  Object.assign(process.env, request.env);
  let output;
  let code = 0;
  let imported = true;
  try {
    if (!script) {
      imported = false;
      script = await import(new URL('main.ts', here).href);
      if (typeof script.main !== 'function') {
        script = undefined;
        throw new TypeError('the script must export a function named main');
      }
      imported = true;
    }
    output = serialize(await script.main(...request.argOrder.map((name) => request.args[name])));
  } catch (err) {
    code = 1;
    console.error(err);
    output = JSON.stringify({ ok: false, error: errorOf(err) });
  }
  writeFileSync(new URL('result.json', here), output);
  const mark = `${request.end} ${code}\n`;
  // console.log and process.stdout share fd 1; a console line is written before the mark.
  await write(process.stdout, mark);
  await write(process.stderr, mark);
  if (!imported) process.exit(1);
}
process.exit(0);
