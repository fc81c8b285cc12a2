import ts from 'typescript';
import { NotAllowedError, type MainSignature } from '../types.js';
import { parseTypeScriptSignature } from '../typescript/signature.js';

/**
 * `nativets` is TypeScript whose `main` runs in an isolate in the server (docs/adr/0048): no
 * file system, no processes, no packages. Its signature is TypeScript's; an import of anything
 * but the SDK (`windmill-client`, `runnel`), a `require` or a dynamic `import()` is refused here,
 * at deploy, with the line, rather than failing at run time.
 */
/**
 * The SDK's specifiers, as sdk/specifiers.ts reads them (`windmill-client`, `npm:windmill-client@1`,
 * `runnel/…`, Windmill's deno.land module); written out here because this module is also loaded
 * by the browser, and that one is not.
 */
const SDK_SPECIFIER =
  /^(?:npm:\/?)?(?:windmill-client|runnel)(?:@[^/]*)?(?:\/.*)?$|^https:\/\/deno\.land\/x\/windmill(?:@[^/]+)?\/mod\.ts$/;

export function parseNativeSignature(content: string): MainSignature {
  const signature = parseTypeScriptSignature(content);
  const sourceFile = ts.createSourceFile('main.ts', content, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const refuse = (node: ts.Node, what: string): never => {
    const { line, character } = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
    throw new NotAllowedError(
      `${what}: a nativets script cannot import packages or modules, only the SDK (windmill-client; ` +
        'it runs in an isolate without a file system or npm); use the bun language for scripts that need packages',
      line + 1,
      character + 1,
    );
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly) {
      const from = ts.isStringLiteral(node.moduleSpecifier) ? node.moduleSpecifier.text : '';
      if (!SDK_SPECIFIER.test(from)) refuse(node, `import of ${node.moduleSpecifier.getText(sourceFile)}`);
    }
    if (ts.isImportEqualsDeclaration(node) && !node.isTypeOnly) refuse(node, `import of ${node.name.text}`);
    if (ts.isExportDeclaration(node) && node.moduleSpecifier && !node.isTypeOnly) {
      refuse(node, `export from ${node.moduleSpecifier.getText(sourceFile)}`);
    }
    if (ts.isCallExpression(node)) {
      if (node.expression.kind === ts.SyntaxKind.ImportKeyword) refuse(node, 'a dynamic import()');
      if (ts.isIdentifier(node.expression) && node.expression.text === 'require') refuse(node, 'require()');
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return signature;
}
