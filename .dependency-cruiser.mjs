import { fileURLToPath } from 'node:url';

/**
 * The direction of the server's and the worker's imports (docs/adr/0033-one-direction-jobs-flows.md),
 * checked by `npm run check`: no cycles; common/ imports no feature; flows → jobs → scripts, never back.
 */
export default {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'A cycle between files: move the shared part (a type, a *-row.ts) below both.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'common-imports-no-feature',
      comment: 'server/src/common/ may import only itself, node built-ins and packages.',
      severity: 'error',
      from: { path: '^server/src/common/' },
      to: { path: '^server/src/', pathNot: '^server/src/common/' },
    },
    {
      name: 'jobs-not-flows',
      comment: 'Flows run jobs; jobs hear of flows only through StepFinished and the FlowCanceler port.',
      severity: 'error',
      from: { path: '^server/src/jobs/' },
      to: { path: '^server/src/(flows|runs)/' },
    },
    {
      name: 'scripts-not-jobs-or-flows',
      comment: 'Jobs run scripts; scripts reach the job queue only through the JobSizeCheck port.',
      severity: 'error',
      from: { path: '^server/src/scripts/' },
      to: { path: '^server/src/(jobs|flows|runs)/' },
    },
  ],
  options: {
    // Absolute: dependency-cruiser reads `extends` relative to the working directory otherwise.
    tsConfig: { fileName: fileURLToPath(new URL('server/tsconfig.json', import.meta.url)) },
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(\\.test\\.ts$|/test/|dist/)' },
  },
};
