/**
 * A flow of exactly `steps` steps (loops and branch-all steps counted) for the browser tests of big
 * flows: mostly bash steps, every tenth top-level step a for loop of two, every tenth (offset) a
 * branch all of three. The app's own generator (frontend/src/lib/flow-graph/generate.ts) has the
 * same shape with inline Bun scripts; this one runs on the test platform's bash workers.
 */
export function bigFlow(path: string, steps: number) {
  const bash = (content: string) => ({ type: 'rawscript', language: 'bash', content, input_transforms: {} });
  let made = 0;
  const leaf = () => {
    made++;
    return { id: `s${made}`, value: bash(`echo ${made}`) };
  };
  const modules: unknown[] = [];
  while (made < steps) {
    const left = steps - made;
    const kind = modules.length % 10;
    if (kind === 4 && left >= 3) {
      const id = `s${++made}`;
      modules.push({
        id,
        value: { type: 'forloopflow', iterator: { type: 'javascript', expr: '[1]' }, modules: [leaf(), leaf()] },
      });
    } else if (kind === 8 && left >= 4) {
      const id = `s${++made}`;
      modules.push({
        id,
        value: { type: 'branchall', branches: [{ modules: [leaf(), leaf()] }, { modules: [leaf()] }] },
      });
    } else {
      modules.push(leaf());
    }
  }
  return { path, summary: `${steps} steps`, value: { modules }, schema: { type: 'object', properties: {} } };
}
