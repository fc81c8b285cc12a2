import ts from 'typescript';

/** Marks an initializer whose value is only known when the script runs (a call, a variable). */
export const NOT_LITERAL: unique symbol = Symbol('not a literal');

/**
 * Evaluates a parameter initializer that is plain JSON written as TypeScript, so the form can
 * show it as the default. Anything that needs the script to run to be known is NOT_LITERAL.
 */
export function literalValue(node: ts.Expression): unknown {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isNumericLiteral(node)) return Number(node.text);
  if (node.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (node.kind === ts.SyntaxKind.FalseKeyword) return false;
  if (node.kind === ts.SyntaxKind.NullKeyword) return null;
  if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node)) {
    // `as const` and `satisfies T` change the static type only, never the value.
    return literalValue(node.expression);
  }
  if (ts.isPrefixUnaryExpression(node)) return signedNumber(node);
  if (ts.isArrayLiteralExpression(node)) {
    const items: unknown[] = [];
    for (const element of node.elements) {
      if (ts.isSpreadElement(element) || ts.isOmittedExpression(element)) return NOT_LITERAL;
      const value = literalValue(element);
      if (value === NOT_LITERAL) return NOT_LITERAL;
      items.push(value);
    }
    return items;
  }
  if (ts.isObjectLiteralExpression(node)) return objectValue(node);
  return NOT_LITERAL;
}

function signedNumber(node: ts.PrefixUnaryExpression): number | typeof NOT_LITERAL {
  const operand = literalValue(node.operand);
  if (typeof operand !== 'number') return NOT_LITERAL;
  if (node.operator === ts.SyntaxKind.MinusToken) return -operand;
  if (node.operator === ts.SyntaxKind.PlusToken) return operand;
  return NOT_LITERAL;
}

function objectValue(node: ts.ObjectLiteralExpression): Record<string, unknown> | typeof NOT_LITERAL {
  const result: Record<string, unknown> = {};
  for (const property of node.properties) {
    // Shorthand, spread, methods and accessors all refer to runtime values.
    if (!ts.isPropertyAssignment(property)) return NOT_LITERAL;
    const key = propertyKey(property.name);
    if (key === undefined) return NOT_LITERAL;
    const value = literalValue(property.initializer);
    if (value === NOT_LITERAL) return NOT_LITERAL;
    result[key] = value;
  }
  return result;
}

/** The static name of a property (`a`, `'a'`, `1`); computed names other than string literals have none. */
export function propertyKey(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  if (ts.isNoSubstitutionTemplateLiteral(name)) return name.text;
  if (ts.isComputedPropertyName(name) && ts.isStringLiteralLike(name.expression)) return name.expression.text;
  return undefined;
}
