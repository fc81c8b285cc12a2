import pg from 'pg';
import type { Harness } from './harness.js';

/**
 * A Python client of the job API's socket (one line of JSON each way), pasted into test
 * scripts: `call(obj)` sends a request and parses the reply; `raw(bytes)` sends bytes as they are.
 * The SDKs are another helper's; these tests speak the protocol itself.
 */
export const jobApiClientPy = `
import json, os, socket

def raw(data):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(os.environ["RUNNEL_SOCKET"])
    s.sendall(data)
    out = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        out += chunk
    s.close()
    return json.loads(out)

def call(request):
    return raw(json.dumps(request).encode() + b"\\n")
`;

/** One statement on the harness's database. */
export async function sql(h: Pick<Harness, 'databaseUrl'>, text: string, params: unknown[] = []): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: h.databaseUrl });
  await client.connect();
  try {
    return (await client.query(text, params)).rows;
  } finally {
    await client.end();
  }
}

/** A script per language that logs its argument `s` and returns it (Bash: its last line; others: `{v: s}`). */
export const ECHO: Record<string, string> = {
  bash: 's="$1"\necho "got $s"\necho "$s"',
  python3: 'def main(s: str):\n    print("got " + s)\n    return {"v": s}',
  bun: 'export async function main(s: string) {\n  console.log("got " + s);\n  return { v: s };\n}',
  deno: 'export async function main(s: string) {\n  console.log("got " + s);\n  console.error(s);\n  return { v: s };\n}',
};

/**
 * A flow of one inline Bash step whose argument `x` is the input transform `expr` (JavaScript),
 * for references made by a transform; `input` names the flow's string inputs.
 */
export function transformFlow(expr: string, content: string, input: string) {
  return {
    summary: 'a transform makes the reference',
    value: {
      modules: [
        {
          id: 'a',
          value: {
            type: 'rawscript',
            language: 'bash',
            content: `x="$1"\n${content}`,
            input_transforms: { x: { type: 'javascript', expr } },
          },
        },
      ],
    },
    schema: { type: 'object', properties: { [input]: { type: 'string' } }, required: [input] },
  };
}
