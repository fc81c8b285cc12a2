import { parser } from '@lezer/python';

/** Lezer's node type, named through the parser so the runtimes package needs no direct @lezer/common import. */
export type SyntaxNode = ReturnType<typeof parser.parse>['topNode'];

/** Punctuation the grammar keeps as child nodes; everything else inside brackets is an operand. */
const BRACKETS = new Set(['(', ')', '[', ']', '{', '}']);
const PUNCTUATION = new Set([...BRACKETS, ',', ':']);

export function children(node: SyntaxNode): SyntaxNode[] {
  const result: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) result.push(child);
  return result;
}

/** The operands between brackets: list items, subscript arguments, call arguments. */
export function operands(node: SyntaxNode): SyntaxNode[] {
  return children(node).filter((child) => !PUNCTUATION.has(child.name));
}

/** Splits a bracketed node's children at top-level commas (parameters, subscript arguments). */
export function commaGroups(nodes: SyntaxNode[]): SyntaxNode[][] {
  const groups: SyntaxNode[][] = [[]];
  for (const node of nodes) {
    if (node.name === ',') groups.push([]);
    else if (!BRACKETS.has(node.name)) groups.at(-1)?.push(node);
  }
  return groups.filter((group) => group.length > 0);
}

/** A 1-based line and column for an offset, as editors and Python's own tracebacks count them. */
export function lineColumn(source: string, offset: number): { line: number; column: number } {
  const before = source.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - (before.lastIndexOf('\n') + 1) + 1 };
}

/** A module-level statement unwrapped from its decorators (`@dataclass class …`, `@wraps def …`). */
export function undecorated(statement: SyntaxNode): SyntaxNode {
  if (statement.name !== 'DecoratedStatement') return statement;
  return statement.getChild('FunctionDefinition') ?? statement.getChild('ClassDefinition') ?? statement;
}

/**
 * Where the grammar had to recover, skipping the few places where @lezer/python is older than
 * the language, so valid scripts still deploy: parenthesized context managers (3.10), a bare
 * `x = yield`, and star-unpacking in a subscript (3.11). Also catches unterminated one-line
 * strings, which the grammar accepts up to the end of the line.
 */
export function findSyntaxError(
  top: SyntaxNode,
  source: string,
): { from: number; to: number; message?: string } | undefined {
  const cursor = top.cursor();
  do {
    const node = cursor.node;
    if (node.type.isError && !isGrammarGap(node, source)) return { from: node.from, to: node.to };
    if ((node.name === 'String' || node.name === 'FormatString') && unterminated(source.slice(node.from, node.to))) {
      return { from: node.from, to: node.to, message: 'unterminated string literal' };
    }
  } while (cursor.next());
  return undefined;
}

function isGrammarGap(error: SyntaxNode, source: string): boolean {
  const parent = error.parent;
  if (!parent) return false;
  // Stopping at a Body keeps errors inside a with-block's statements fatal.
  for (let node: SyntaxNode | null = parent; node && node.name !== 'Body'; node = node.parent) {
    if (node.name !== 'WithStatement') continue;
    const header = source.slice(node.from, node.getChild('Body')?.from ?? node.to);
    const balanced = header.split('(').length === header.split(')').length;
    return balanced && /^(?:async\s+)?with\s*\(/.test(header);
  }
  if (parent.name === 'YieldExpression') return error.from === error.to && error.nextSibling === null;
  return parent.name === 'MemberExpression' && source.slice(error.from, error.to) === '*';
}

function unterminated(text: string): boolean {
  const open = /^[a-zA-Z]*('''|"""|'|")/.exec(text);
  if (!open) return false;
  const quote = open[1];
  const rest = text.slice(open[0].length);
  if (!rest.endsWith(quote)) return true;
  // An odd run of backslashes escapes what looked like the closing quote.
  const backslashes = /\\*$/.exec(rest.slice(0, rest.length - quote.length))?.[0].length ?? 0;
  return backslashes % 2 === 1;
}

export { parser };
