import type { JsonSchema, MainSignature } from '../types.js';

/**
 * One assignment of a positional argument to a name, the way Bash scripts declare inputs:
 * `name="$1"`, `name=$1`, `name="${2:-default}"`, `name=${2-default}`, `name="${3:?message}"`,
 * optionally behind `local`, `declare`, `readonly`, `export` or `typeset` (with flags such as
 * `-r`), and optionally followed by `;` or a comment. `'$1'` is a literal string, so it doesn't count.
 */
const PARAMETER = new RegExp(
  [
    String.raw`^\s*(?:(?:local|declare|readonly|export|typeset)(?:\s+-\w+)*\s+)?`,
    String.raw`(?<name>[A-Za-z_]\w*)=`,
    '(?:',
    String.raw`(?<dq>")?\$(?<digit>[1-9])\k<dq>`,
    '|',
    String.raw`(?<open>")?\$\{(?<index>[1-9]\d*)(?:(?<operator>:?[-?])(?<word>[^}]*))?\}\k<open>`,
    ')',
    String.raw`\s*(?:[;#].*)?$`,
  ].join(''),
);

interface Positional {
  name: string;
  index: number;
  optional: boolean;
  default?: string;
}

/**
 * Infers a Bash script's inputs from its positional-argument assignments. Bash has no
 * function signature and no types, so every input is a string; a script that reads no
 * arguments simply has none, which is not an error.
 */
export function parseBashSignature(content: string): MainSignature {
  const byIndex = new Map<number, Positional>();
  const names = new Set<string>();
  for (const line of scriptLevelLines(content)) {
    const positional = parseLine(line);
    // The first assignment declares the input; a later one (another branch, a re-read) repeats it.
    if (!positional || byIndex.has(positional.index) || names.has(positional.name)) continue;
    byIndex.set(positional.index, positional);
    names.add(positional.name);
  }
  const positionals = [...byIndex.values()].sort((a, b) => a.index - b.index);
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const positional of positionals) {
    const schema: JsonSchema = { type: 'string' };
    if (positional.default !== undefined) schema.default = positional.default;
    properties[positional.name] = schema;
    if (!positional.optional) required.push(positional.name);
  }
  // Bash arguments are positional: `order[i]` feeds `$(i+1)`, and a position the script never
  // reads gets '' so the ones after it keep their place.
  const order: string[] = [];
  for (const positional of positionals) {
    while (order.length < positional.index - 1) order.push('');
    order[positional.index - 1] = positional.name;
  }
  return { schema: { type: 'object', properties, required }, order };
}

/** `name() {`, `function name {`, `function name() {`; the brace may also come on the next line. */
const FUNCTION_START =
  /^\s*(?:function\s+(?<keyword>[\w.:-]+)\s*(?:\(\s*\))?|(?<plain>[\w.:-]+)\s*\(\s*\))\s*(?<rest>.*)$/;

/**
 * The lines whose `$1`, `$2`… are the script's own arguments. Inside a helper function they
 * are the function's arguments (`log() { local msg="$1"; … }`), so its body is left out; a
 * function named `main` is the common `main "$@"` idiom and is kept. Brace counting by line
 * is a heuristic, good for the usual one-brace-per-line layout.
 */
function* scriptLevelLines(content: string): Generator<string> {
  let depth = 0;
  let awaitingBrace = false;
  for (const line of content.split(/\r?\n/)) {
    if (awaitingBrace && /^\s*\{/.test(line)) {
      awaitingBrace = false;
      depth = /\}\s*(?:[;#].*)?$/.test(line) ? 0 : 1;
      continue;
    }
    if (depth > 0) {
      if (/^\s*\}/.test(line)) depth -= 1;
      else if (/\{\s*(?:#.*)?$/.test(line)) depth += 1;
      continue;
    }
    const start = FUNCTION_START.exec(line)?.groups;
    if (start && (start.keyword ?? start.plain) !== 'main') {
      const rest = start.rest ?? '';
      if (rest === '') awaitingBrace = true;
      // A one-line body (`f() { …; }`) closes on the same line.
      else if (rest.startsWith('{') && !/\}\s*(?:[;#].*)?$/.test(rest)) depth = 1;
      continue;
    }
    yield line;
  }
}

function parseLine(line: string): Positional | undefined {
  const groups = PARAMETER.exec(line)?.groups;
  if (!groups?.name) return undefined;
  const index = Number(groups.digit ?? groups.index);
  const { name, operator, word } = groups;
  // `${N:?message}` aborts when the argument is missing: required, and the message is no default.
  if (operator === undefined || operator.endsWith('?')) return { name, index, optional: false };
  const value = defaultWord(word ?? '', groups.open !== undefined);
  return value === undefined ? { name, index, optional: true } : { name, index, optional: true, default: value };
}

/**
 * The default as Bash would expand it, for the literal words people write there. A word that
 * expands something (`$HOME`, `$(date)`) is only known at run time; passing its text back as
 * an argument would change the script's behaviour, so it yields no default.
 */
function defaultWord(word: string, insideDoubleQuotes: boolean): string | undefined {
  const doubleQuoted = /^"(.*)"$/s.exec(word);
  // Inside "…", single quotes are literal characters; outside, they quote like anywhere else.
  const singleQuoted = insideDoubleQuotes ? null : /^'(.*)'$/s.exec(word);
  if (singleQuoted) return singleQuoted[1];
  const text = doubleQuoted ? doubleQuoted[1] : word;
  if (/(^|[^\\])[$`]/.test(text)) return undefined;
  return doubleQuoted || insideDoubleQuotes ? text.replace(/\\([$`"\\])/g, '$1') : text.replace(/\\(.)/g, '$1');
}
