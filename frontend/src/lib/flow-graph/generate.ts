import type { FlowModule, FlowValue } from './layout';

/**
 * A flow of exactly `steps` steps (counting loops and branch steps) mixing plain steps, for loops
 * and branch-all steps: the big flow of the performance tests. Every step returns its index.
 */
export function generateFlow(steps: number): Pick<FlowValue, 'modules'> {
  let made = 0;
  const leaf = (): FlowModule => {
    made++;
    return {
      id: `s${made}`,
      value: { type: 'rawscript', language: 'bun', content: `export function main() { return ${made}; }` },
    };
  };
  const modules: FlowModule[] = [];
  while (made < steps) {
    const left = steps - made;
    const kind = modules.length % 10;
    if (kind === 4 && left >= 3) {
      made++;
      const id = `s${made}`;
      modules.push({
        id,
        value: { type: 'forloopflow', iterator: { type: 'javascript', expr: '[1, 2]' }, modules: [leaf(), leaf()] },
      });
    } else if (kind === 8 && left >= 4) {
      made++;
      const id = `s${made}`;
      modules.push({
        id,
        value: { type: 'branchall', parallel: true, branches: [{ modules: [leaf(), leaf()] }, { modules: [leaf()] }] },
      });
    } else {
      modules.push(leaf());
    }
  }
  return { modules };
}
