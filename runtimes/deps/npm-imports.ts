import ts from 'typescript';
import { DependencyError, type Requirement } from './types.js';

/** A module specifier written in the code: its text and where that text (inside the quotes) sits. */
export interface ModuleSpecifier {
  text: string;
  start: number;
  end: number;
}

/** An npm package named by a specifier: `@scope/pkg@^3/sub` → `@scope/pkg`, `^3`, `/sub`. */
export interface NpmSpecifier {
  name: string;
  /** '' when the specifier names no version. */
  range: string;
  subpath: string;
}

/**
 * Every module specifier the code loads at run time, read from the syntax tree so that comments
 * and strings are never taken for imports: `import … from`, side-effect imports, `export … from`,
 * `import x = require()`, and `import('…')` / `require('…')` with a literal argument. Type-only
 * imports and exports load nothing and are left out.
 */
export function moduleSpecifiers(code: string): ModuleSpecifier[] {
  const sourceFile = ts.createSourceFile('main.ts', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: ModuleSpecifier[] = [];
  const add = (node: ts.Node | undefined): void => {
    if (node && ts.isStringLiteralLike(node)) {
      // getStart skips leading trivia; +1 and -1 step over the quotes.
      found.push({ text: node.text, start: node.getStart(sourceFile) + 1, end: node.getEnd() - 1 });
    }
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      if (!node.importClause?.isTypeOnly) add(node.moduleSpecifier);
    } else if (ts.isExportDeclaration(node)) {
      if (!node.isTypeOnly) add(node.moduleSpecifier);
    } else if (ts.isImportEqualsDeclaration(node)) {
      if (!node.isTypeOnly && ts.isExternalModuleReference(node.moduleReference)) add(node.moduleReference.expression);
    } else if (ts.isCallExpression(node) && node.arguments.length >= 1) {
      const callee = node.expression;
      const loads =
        callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require');
      if (loads) add(node.arguments[0]);
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

// npm's own rule for package names (validate-npm-package-name, new packages): lower case, URL-safe.
const NAME = /^(?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/i;

/**
 * The package of a bare or versioned specifier (`pkg`, `pkg/sub`, `pkg@^3`, `@scope/pkg@1.2.3/sub`);
 * undefined for anything else (relative and absolute paths, URLs, `node:`-like schemes).
 */
export function parseNpmSpecifier(specifier: string): NpmSpecifier | undefined {
  const scoped = specifier.startsWith('@');
  // The name ends at the first `/` (the second for a scoped name) or at an `@` after its first character.
  const match = (scoped ? /^(@[^/@]+\/[^/@]+)(?:@([^/]*))?(.*)$/ : /^([^/@:]+)(?:@([^/]*))?(.*)$/).exec(specifier);
  if (!match || !NAME.test(match[1]!)) return undefined;
  const [, name, range = '', subpath = ''] = match;
  if (subpath !== '' && !subpath.startsWith('/')) return undefined;
  return { name: name!, range: range.trim(), subpath };
}

/**
 * One requirement per package, sorted by name. A package named with a range and without one
 * takes the range; two different ranges for one package are a mistake the author must settle.
 */
export function mergeRequirements(specifiers: NpmSpecifier[]): Requirement[] {
  const byName = new Map<string, string>();
  for (const { name, range } of specifiers) {
    const known = byName.get(name);
    if (known === undefined || known === '') byName.set(name, range);
    else if (range !== '' && range !== known) {
      throw new DependencyError(
        `${name} is imported with two different versions ('${known}' and '${range}'): use one range everywhere`,
        name,
      );
    }
  }
  return [...byName]
    .map(([name, range]) => ({ name, range }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
