import ts from 'typescript';
import { SignatureError, type JsonSchema, type MainSignature } from '../types.js';
import { NOT_LITERAL, literalValue } from './literal.js';
import { TypeMapper, type Converted } from './type-schema.js';
import { setDefault } from '../schema.js';

type MainFunction = ts.FunctionDeclaration | ts.ArrowFunction | ts.FunctionExpression;

/**
 * Infers the argument schema of a TypeScript script's `main` from syntax alone. It runs in the
 * browser on every keystroke as well as at deploy, so it never builds a Program or type-checks.
 */
export function parseTypeScriptSignature(content: string): MainSignature {
  const sourceFile = ts.createSourceFile('main.ts', content, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const [diagnostic] = parseDiagnostics(sourceFile);
  if (diagnostic) {
    throw errorAt(sourceFile, diagnostic.start, ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
  }
  const main = findMain(sourceFile);
  if (!main) throw new SignatureError('no function named main found');

  const mapper = new TypeMapper(sourceFile);
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  const order: string[] = [];
  for (const parameter of main.parameters) {
    // A rest parameter soaks up extra positional arguments; it has no field of its own.
    if (parameter.dotDotDotToken) continue;
    if (!ts.isIdentifier(parameter.name)) {
      throw errorAt(
        sourceFile,
        parameter.name.getStart(sourceFile),
        'destructured parameters are not supported in main; give the parameter a name',
      );
    }
    const name = parameter.name.text;
    if (name === 'this') continue;
    const converted: Converted = parameter.type ? mapper.convert(parameter.type) : { schema: {}, optional: false };
    const schema: JsonSchema = { ...converted.schema };
    // A computed default (`new Date()`, a constant) is unknown until run time: optional, no default.
    const value = parameter.initializer ? literalValue(parameter.initializer) : NOT_LITERAL;
    // TypeScript infers an unannotated parameter's type from its default; so does the form.
    if (!parameter.type && value !== NOT_LITERAL) {
      const type = jsonType(value);
      if (type) schema.type = type;
    }
    const description = parameterDescription(parameter);
    if (description) schema.description = description;
    if (value !== NOT_LITERAL) setDefault(schema, value);
    properties[name] = schema;
    order.push(name);
    if (!parameter.questionToken && !parameter.initializer && !converted.optional) required.push(name);
  }
  return { schema: { type: 'object', properties, required }, order };
}

/**
 * Syntax errors found while parsing. The compiler keeps them on the source file without a
 * public accessor; the only public route (a Program) would also type-check, which we must not.
 */
function parseDiagnostics(sourceFile: ts.SourceFile): readonly ts.DiagnosticWithLocation[] {
  return (
    (sourceFile as ts.SourceFile & { parseDiagnostics?: readonly ts.DiagnosticWithLocation[] }).parseDiagnostics ?? []
  );
}

function errorAt(sourceFile: ts.SourceFile, position: number, message: string): SignatureError {
  const { line, character } = sourceFile.getLineAndCharacterOfPosition(position);
  return new SignatureError(message, line + 1, character + 1);
}

/** `function main`, `export default function main` or `const main = (…) => …`, at the top level. */
function findMain(sourceFile: ts.SourceFile): MainFunction | undefined {
  const found: MainFunction[] = [];
  for (const statement of sourceFile.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name?.text === 'main') found.push(statement);
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (!ts.isIdentifier(declaration.name) || declaration.name.text !== 'main' || !declaration.initializer) continue;
      const initializer = unwrap(declaration.initializer);
      if (ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer)) found.push(initializer);
    }
  }
  // With overloads, the implementation is the one with a body and the widest parameters.
  return found.find((candidate) => candidate.body !== undefined) ?? found[0];
}

function unwrap(expression: ts.Expression): ts.Expression {
  let current = expression;
  while (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isSatisfiesExpression(current)) {
    current = current.expression;
  }
  return current;
}

function jsonType(value: unknown): JsonSchema['type'] {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  if (Array.isArray(value)) return 'array';
  if (value !== null && typeof value === 'object') return 'object';
  return undefined;
}

/** `@param name description` (or `@param {T} name - description`) from the function's JSDoc. */
function parameterDescription(parameter: ts.ParameterDeclaration): string | undefined {
  for (const tag of ts.getJSDocParameterTags(parameter)) {
    const text = ts.getTextOfJSDocComment(tag.comment)?.trim().replace(/^-\s*/, '');
    if (text) return text;
  }
  return undefined;
}
