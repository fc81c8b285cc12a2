import ts from 'typescript';
import { withSdkSpecifiers } from '../sdk/specifiers.js';

/**
 * A nativets script as the isolate runs it: the types stripped and the module turned into a
 * function body that fills `exports` (CommonJS), since the isolate has no module loader. Kept
 * out of the signature module, which the browser loads.
 */
export function transpileNative(content: string): string {
  // An import of the SDK becomes `require("windmill-client")` (or "runnel/…"), which the isolate answers.
  return ts.transpileModule(withSdkSpecifiers(content), {
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2020,
      isolatedModules: true,
      sourceMap: false,
      removeComments: false,
    },
    reportDiagnostics: false,
  }).outputText;
}
