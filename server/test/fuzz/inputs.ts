import { readFileSync } from 'node:fs';
import { openapiDocumentPath } from '@runnel/api-contract';

/**
 * Odd inputs for every operation of openapi/openapi.json, so an operation added to the API is
 * fuzzed without anyone touching the fuzz test. Each input changes one thing of a request that
 * is otherwise well formed (path parameters from `base`), so an answer points at its cause.
 */

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  enum?: unknown[];
  $ref?: string;
};
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema?: Schema }> };
  security?: unknown[];
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

export interface FuzzRequest {
  method: string;
  /** The path with its query string, as sent. */
  url: string;
  /** What is odd about it, for the failure message. */
  kind: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** Sent without the admin token. */
  anonymous?: boolean;
}

/** A long run of this marker is an input no answer should repeat back. */
export const MARKER = 'fuzzlong';
export const long = (chars: number) => MARKER.repeat(Math.ceil(chars / MARKER.length)).slice(0, chars);
export const deepArray = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
export const deepObject = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
const DEEP = 2000;

/** Odd values of a path parameter; encoded as they would appear in a URL. */
const PATH_VALUES: Record<string, string> = {
  empty: '',
  'long (over the router limit)': long(300),
  'long (under the header limit)': long(5000),
  'very long (over the header limit)': long(20_000),
  'dot-dot encoded slash': '..%2f..%2fetc%2fpasswd',
  'dot-dots': '../../../etc/passwd',
  'NUL encoded': 'a%00b',
  'lone percent': '%',
  'truncated UTF-8': '%E0%A4%A',
  unicode: encodeURIComponent('é日本🙂'),
  'huge number': '9'.repeat(40),
  'negative number': '-1',
  'float overflow': '1e309',
  'encoded newline': 'a%0D%0Ab',
};

const QUERY_VALUES: Record<string, string> = {
  empty: '',
  long: long(4000),
  'huge number': '9'.repeat(40),
  negative: '-1',
  'NUL encoded': 'a%00b',
  unicode: encodeURIComponent('é日本🙂'),
  'lone percent': '%',
};

const b64 = (text: string) => Buffer.from(text).toString('base64url');
/** `?payload=` is base64 of JSON: odd in its own ways. */
const PAYLOAD_VALUES: Record<string, string> = {
  'payload not base64': '!!!',
  'payload not JSON': b64('not json'),
  'payload deep array': b64(deepArray(DEEP)),
  'payload deep object': b64(deepObject(DEEP)),
  'payload invalid UTF-8': Buffer.from([0x7b, 0xff, 0xfe, 0x7d]).toString('base64url'),
};

function resolve(doc: Document, schema: Schema | undefined): Schema {
  let s = schema ?? {};
  for (let i = 0; s.$ref && i < 10; i++) s = doc.components.schemas[s.$ref.split('/').pop()!] ?? {};
  return s;
}

const typeOf = (s: Schema) => (Array.isArray(s.type) ? s.type[0] : s.type);

/** A plausible value of a schema: enough to get past the first checks to the property fuzzed. */
function sample(s: Schema): unknown {
  if (s.enum?.length) return s.enum[0];
  switch (typeOf(s)) {
    case 'string':
      return 'fuzz';
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return true;
    case 'array':
      return [];
    case 'object':
      return {};
    default:
      return 'fuzz';
  }
}

/** A value of the wrong type for a schema. */
const wrongType = (s: Schema): unknown => (typeOf(s) === 'string' ? 12345 : 'not-the-right-type');

function bodyVariants(
  doc: Document,
  op: Operation,
  limit: number,
): { kind: string; type: string; body: string | Buffer }[] {
  const content = op.requestBody?.content ?? {};
  const schema = resolve(doc, content['application/json']?.schema);
  const json = 'application/json';
  const out = [
    { kind: 'malformed JSON', type: json, body: '{"a":' },
    { kind: 'JSON with trailing garbage', type: json, body: '{}}' },
    { kind: 'invalid UTF-8 JSON', type: json, body: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]) },
    { kind: 'invalid UTF-8 text', type: 'text/plain', body: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]) },
    { kind: 'deep array', type: json, body: deepArray(DEEP) },
    { kind: 'deep object', type: json, body: deepObject(DEEP) },
    { kind: 'deep text/plain JSON', type: 'text/plain', body: deepObject(DEEP) },
    { kind: 'deep YAML', type: 'application/yaml', body: deepArray(DEEP) },
    { kind: 'YAML alias bomb', type: 'application/yaml', body: yamlBomb() },
    { kind: 'XML', type: 'application/xml', body: '<a/>' },
    { kind: 'multipart garbage', type: 'multipart/form-data; boundary=x', body: '--x\r\ngarbage' },
    { kind: 'odd form keys', type: 'application/x-www-form-urlencoded', body: '__proto__=1&constructor=2&%=3' },
    { kind: 'null', type: json, body: 'null' },
    { kind: 'array', type: json, body: '[1,2,3]' },
    { kind: 'string', type: json, body: '"fuzz"' },
    { kind: 'number', type: json, body: '1e309' },
    { kind: 'huge string under the limit', type: json, body: JSON.stringify(long(limit - 100)) },
    { kind: 'body over the limit', type: json, body: JSON.stringify(long(limit + 10)) },
  ];
  const base = Object.fromEntries(
    (schema.required ?? []).map((k) => [k, sample(resolve(doc, schema.properties?.[k]))]),
  );
  out.push({ kind: 'sample object', type: json, body: JSON.stringify(base) });
  for (const [name, prop] of Object.entries(schema.properties ?? {})) {
    const variants: Record<string, unknown> = {
      'wrong type': wrongType(resolve(doc, prop)),
      null: null,
      'array instead': [sample(resolve(doc, prop))],
      'huge string': long(Math.floor(limit / 2)),
    };
    for (const [what, value] of Object.entries(variants)) {
      out.push({ kind: `${name}: ${what}`, type: json, body: JSON.stringify({ ...base, [name]: value }) });
    }
    // Spliced in as text: JSON.stringify itself cannot write a value this deep.
    const withDeep = JSON.stringify({ ...base, [name]: 0 }).replace(`"${name}":0`, `"${name}":${deepObject(DEEP)}`);
    out.push({ kind: `${name}: deep`, type: json, body: withDeep });
  }
  return out;
}

function yamlBomb(): string {
  const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 10; i++)
    lines.push(
      `a${i}: &a${i} [${Array(10)
        .fill(`*a${i - 1}`)
        .join(', ')}]`,
    );
  return lines.join('\n');
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? 'fuzz');
}

/**
 * Every request of the fuzz: per operation, each path parameter odd in turn, each query
 * parameter odd in turn, and (for operations with a body) each body variant; plus each operation
 * once without a token. `base` holds well-formed path parameter values by name; `bodyLimit` is
 * the server's RUNNEL_BODY_LIMIT, for bodies just under and over it.
 */
export function fuzzRequests(base: Record<string, string>, bodyLimit: number): FuzzRequest[] {
  const doc = JSON.parse(readFileSync(openapiDocumentPath, 'utf8')) as Document;
  const out: FuzzRequest[] = [];
  for (const [template, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const params = op.parameters ?? [];
      const at = (values: Record<string, string>, query = '') => fill(template, { ...base, ...values }) + query;
      const request = (kind: string, url: string, extra: Partial<FuzzRequest> = {}): FuzzRequest => ({
        method: method.toUpperCase(),
        url,
        kind,
        headers: {},
        ...extra,
      });
      for (const p of params.filter((p) => p.in === 'path')) {
        for (const [kind, value] of Object.entries(PATH_VALUES)) {
          out.push(request(`path ${p.name}: ${kind}`, at({ [p.name]: value })));
        }
      }
      for (const p of params.filter((p) => p.in === 'query')) {
        const values = p.name === 'payload' ? { ...QUERY_VALUES, ...PAYLOAD_VALUES } : QUERY_VALUES;
        for (const [kind, value] of Object.entries(values)) {
          out.push(request(`query ${p.name}: ${kind}`, at({}, `?${p.name}=${value}`)));
        }
        out.push(request(`query ${p.name}: repeated`, at({}, `?${p.name}=1&${p.name}=2`)));
      }
      if (op.requestBody) {
        for (const { kind, type, body } of bodyVariants(doc, op, bodyLimit)) {
          out.push(request(`body: ${kind}`, at({}), { headers: { 'content-type': type }, body }));
        }
      }
      out.push(
        request('no token, malformed body', at({}), {
          anonymous: true,
          ...(method === 'get' ? {} : { headers: { 'content-type': 'application/json' }, body: '{"a":' }),
        }),
      );
      out.push(
        request('no token, odd path', at({ [params[0]?.name ?? 'x']: PATH_VALUES['dot-dot encoded slash']! }), {
          anonymous: true,
        }),
      );
      out.push(
        request('token too long', at({}), { headers: { authorization: `Bearer ${long(5000)}` }, anonymous: true }),
      );
      out.push(request('header too large', at({}), { headers: { 'x-fuzz': long(20_000) } }));
    }
  }
  return out;
}
