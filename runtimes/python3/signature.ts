import { SignatureError, type JsonSchema, type MainSignature } from '../types.js';
import { AnnotationMapper, type Mapped } from './annotation.js';
import { NOT_LITERAL, literalType, literalValue, stringValue } from './literal.js';
import { children, commaGroups, findSyntaxError, lineColumn, parser, undecorated, type SyntaxNode } from './syntax.js';
import { setDefault } from '../schema.js';

/**
 * Infers the argument schema of a Python script's `main` from syntax alone, with the Lezer
 * Python grammar, so the same code runs at deploy and in the browser's live form.
 */
export function parsePythonSignature(content: string): MainSignature {
  const tree = parser.parse(content);
  const error = syntaxError(tree.topNode, content);
  if (error) throw error;
  const main = findMain(tree.topNode, content);
  if (!main) throw new SignatureError('no function named main found');

  const mapper = new AnnotationMapper(content, tree.topNode);
  const descriptions = docstringDescriptions(main, content);
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  const order: string[] = [];
  for (const parameter of commaGroups(children(main.getChild('ParamList') ?? main))) {
    // `*args`, `**kwargs` and the bare `*` separator collect or mark arguments; they are not fields.
    if (parameter[0].name !== 'VariableName') continue;
    const name = content.slice(parameter[0].from, parameter[0].to);
    const annotation = parameter.find((node) => node.name === 'TypeDef')?.lastChild;
    const assign = parameter.findIndex((node) => node.name === 'AssignOp');
    const defaultNode = assign >= 0 ? parameter[assign + 1] : undefined;
    const mapped: Mapped = annotation ? mapper.map(annotation) : { schema: {}, optional: false };
    const schema: JsonSchema = { ...mapped.schema };

    // A computed default (`datetime.now()`, a constant) is unknown until run time: optional, no default.
    let value = defaultNode ? literalValue(defaultNode, content) : NOT_LITERAL;
    if (value === NOT_LITERAL && defaultNode) value = mapper.enumMember(defaultNode);
    if (!annotation && defaultNode) {
      const type = literalType(defaultNode, content);
      if (type) schema.type = type;
    }
    const description = descriptions.get(name);
    if (description) schema.description = description;
    if (value !== NOT_LITERAL) setDefault(schema, value);
    properties[name] = schema;
    order.push(name);
    if (!defaultNode && !mapped.optional) required.push(name);
  }
  return { schema: { type: 'object', properties, required }, order };
}

/** The first syntax error, reported where Python itself would stop. */
function syntaxError(top: SyntaxNode, content: string): SignatureError | undefined {
  const found = findSyntaxError(top, content);
  if (!found) return undefined;
  const lineEnd = content.indexOf('\n', found.from);
  const near = content
    .slice(found.from, found.to > found.from ? found.to : lineEnd < 0 ? undefined : lineEnd)
    .trim()
    .slice(0, 40);
  const message = found.message ?? (near ? `invalid syntax near "${near}"` : 'invalid syntax');
  const { line, column } = lineColumn(content, found.from);
  return new SignatureError(message, line, column);
}

/** `def main` / `async def main` at module level; like Python, a later definition wins. */
function findMain(top: SyntaxNode, content: string): SyntaxNode | undefined {
  let main: SyntaxNode | undefined;
  for (const statement of children(top)) {
    const node = undecorated(statement);
    const name = node.name === 'FunctionDefinition' ? node.getChild('VariableName') : null;
    if (name && content.slice(name.from, name.to) === 'main') main = node;
  }
  return main;
}

/** Parameter descriptions from main's docstring, Google style (`Args:`) or Sphinx style (`:param x:`). */
function docstringDescriptions(main: SyntaxNode, content: string): Map<string, string> {
  const descriptions = new Map<string, string>();
  const body = main.getChild('Body');
  const first = body ? children(body).find((node) => node.name !== ':' && node.name !== 'Comment') : undefined;
  const literal = first?.name === 'ExpressionStatement' ? first.firstChild : null;
  if (!literal || literal.name !== 'String') return descriptions;
  const docstring = stringValue(content.slice(literal.from, literal.to));
  if (typeof docstring !== 'string') return descriptions;

  for (const match of docstring.matchAll(/^\s*:param\s+(?:[^:\s]+\s+)?(\w+)\s*:\s*(.+)$/gm)) {
    descriptions.set(match[1], match[2].trim());
  }
  const lines = docstring.split('\n');
  const header = lines.findIndex((line) => /^\s*(Args|Arguments|Parameters):\s*$/.test(line));
  if (header < 0) return descriptions;
  const indent = (line: string): number => line.length - line.trimStart().length;
  let entryIndent: number | undefined;
  let current: string | undefined;
  for (const line of lines.slice(header + 1)) {
    if (line.trim() === '') continue;
    if (indent(line) <= indent(lines[header])) break;
    entryIndent ??= indent(line);
    const entry = indent(line) === entryIndent ? /^\s*\**(\w+)\s*(?:\([^)]*\))?\s*:\s*(.*)$/.exec(line) : null;
    if (entry) {
      current = entry[1];
      descriptions.set(current, entry[2].trim());
    } else if (current !== undefined) {
      // A deeper-indented line continues the previous entry's description.
      descriptions.set(current, `${descriptions.get(current) ?? ''} ${line.trim()}`.trim());
    }
  }
  return descriptions;
}
