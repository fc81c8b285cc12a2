import type { JsonSchema } from '../types.js';
import { commaGroups, children, operands, type SyntaxNode } from './syntax.js';

/** Marks an expression whose value is only known when the script runs (a call, a name). */
export const NOT_LITERAL: unique symbol = Symbol('not a literal');

const ESCAPES: Record<string, string> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

/**
 * Evaluates a Python expression that is plain data (what `ast.literal_eval` accepts, minus
 * bytes and complex numbers, which JSON cannot carry) so it can become a schema `default`.
 */
export function literalValue(node: SyntaxNode, source: string): unknown {
  const text = source.slice(node.from, node.to);
  switch (node.name) {
    case 'Number':
      return numberValue(text);
    case 'String':
      return stringValue(text);
    case 'FormatString':
      // An f-string with a `{…}` depends on run-time values; without one it is a plain string.
      return node.getChild('FormatReplacement') ? NOT_LITERAL : stringValue(text);
    case 'ContinuedString': {
      const parts = children(node).map((part) => literalValue(part, source));
      return parts.every((part) => typeof part === 'string') ? parts.join('') : NOT_LITERAL;
    }
    case 'Boolean':
      return text === 'True';
    case 'None':
      return null;
    case 'UnaryExpression': {
      const [operator, operand] = children(node);
      const value = operand ? literalValue(operand, source) : NOT_LITERAL;
      if (typeof value !== 'number') return NOT_LITERAL;
      const sign = source.slice(operator.from, operator.to);
      return sign === '-' ? -value : sign === '+' ? value : NOT_LITERAL;
    }
    case 'ParenthesizedExpression': {
      const inner = operands(node);
      return inner.length === 1 ? literalValue(inner[0], source) : NOT_LITERAL;
    }
    case 'ArrayExpression':
    case 'TupleExpression':
    case 'SetExpression':
      return sequenceValue(node, source);
    case 'DictionaryExpression':
      return dictValue(node, source);
    default:
      return NOT_LITERAL;
  }
}

/** The JSON type a literal default implies for an unannotated parameter (`x=3` → integer). */
export function literalType(node: SyntaxNode, source: string): JsonSchema['type'] {
  const value = literalValue(node, source);
  if (typeof value === 'number') return isFloat(node, source) ? 'number' : 'integer';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  if (Array.isArray(value)) return 'array';
  if (value !== null && typeof value === 'object') return 'object';
  return undefined;
}

function isFloat(node: SyntaxNode, source: string): boolean {
  if (node.name === 'Number') return /^(?!0[xob])[\d_]*(\.|[eE])/i.test(source.slice(node.from, node.to));
  const inner = operands(node).at(-1);
  return inner !== undefined && inner !== node && isFloat(inner, source);
}

function numberValue(text: string): number | typeof NOT_LITERAL {
  const digits = text.replace(/_/g, '');
  // Complex numbers (`1j`) have no JSON form.
  if (/j$/i.test(digits)) return NOT_LITERAL;
  const radix = /^0([xob])/i.exec(digits)?.[1].toLowerCase();
  if (radix) return parseInt(digits.slice(2), radix === 'x' ? 16 : radix === 'o' ? 8 : 2);
  const value = Number(digits);
  return Number.isNaN(value) ? NOT_LITERAL : value;
}

/** Decodes a string literal's prefix, quotes and escapes the way the Python tokenizer does. */
export function stringValue(text: string): string | typeof NOT_LITERAL {
  const match = /^([a-zA-Z]*)('''|"""|'|")/.exec(text);
  if (!match) return NOT_LITERAL;
  const prefix = match[1].toLowerCase();
  const quote = match[2];
  // Bytes are not text; there is no faithful JSON default for them.
  if (prefix.includes('b')) return NOT_LITERAL;
  let body = text.slice(match[0].length, text.length - quote.length);
  if (prefix.includes('f')) body = body.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
  if (prefix.includes('r')) return body;
  return body.replace(
    /\\(\r\n|\n|\r|[0-7]{1,3}|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g,
    (whole: string, escape: string) => {
      if (escape === '\n' || escape === '\r' || escape === '\r\n') return '';
      if (/^[0-7]/.test(escape)) return String.fromCodePoint(parseInt(escape, 8));
      if (/^[xuU]./.test(escape)) return String.fromCodePoint(parseInt(escape.slice(1), 16));
      // Python keeps unknown escapes (`\d`) and `\N{…}` as written.
      return ESCAPES[escape] ?? whole;
    },
  );
}

function sequenceValue(node: SyntaxNode, source: string): unknown[] | typeof NOT_LITERAL {
  const items: unknown[] = [];
  for (const group of commaGroups(children(node))) {
    // `*rest` unpacking or anything else than a single expression is not data.
    if (group.length !== 1) return NOT_LITERAL;
    const value = literalValue(group[0], source);
    if (value === NOT_LITERAL) return NOT_LITERAL;
    items.push(value);
  }
  return items;
}

function dictValue(node: SyntaxNode, source: string): Record<string, unknown> | typeof NOT_LITERAL {
  const result: Record<string, unknown> = {};
  for (const group of commaGroups(children(node))) {
    // A plain entry is `key : value`; `**other` and comprehensions are not data.
    if (group.length !== 3 || group[1].name !== ':') return NOT_LITERAL;
    const key = literalValue(group[0], source);
    const value = literalValue(group[2], source);
    if ((typeof key !== 'string' && typeof key !== 'number') || value === NOT_LITERAL) return NOT_LITERAL;
    result[String(key)] = value;
  }
  return result;
}
