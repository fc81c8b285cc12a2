import { describe, expect, it } from 'vitest';
import { History } from './history';
import { allIds, emptyFlow, insertStep, renameStep, setInputExpr, type FlowDocument } from './model';

/** 200 steps: every tenth a for loop holding a branch one with two steps, the rest inline scripts. */
function bigFlow(): FlowDocument {
  let doc = emptyFlow();
  while (allIds(doc.value).size < 200) {
    const index = doc.value.modules.length;
    if (index % 10 === 9) {
      const loop = insertStep(doc, { slot: { parent: null }, index }, 'forloopflow');
      const branch = insertStep(loop.doc, { slot: { parent: loop.id }, index: 0 }, 'branchone');
      const inner = insertStep(branch.doc, { slot: { parent: branch.id, branch: 0 }, index: 0 }, 'rawscript');
      doc = insertStep(inner.doc, { slot: { parent: branch.id, branch: 'default' }, index: 0 }, 'rawscript').doc;
    } else {
      const step = insertStep(doc, { slot: { parent: null }, index }, 'rawscript');
      doc = setInputExpr(step.doc, step.id, 'x', index ? `results.${doc.value.modules[index - 1]?.id ?? 'a'}` : '1');
    }
  }
  return doc;
}

describe('a 200-step flow', () => {
  it('takes one edit in well under a frame (figures printed)', () => {
    const doc = bigFlow();
    expect(allIds(doc.value).size).toBeGreaterThanOrEqual(200);
    const history = new History(doc);
    const runs = 50;
    let t = performance.now();
    for (let i = 0; i < runs; i++) {
      history.push(insertStep(history.current, { slot: { parent: null }, index: 100 }, 'identity').doc);
    }
    const insertMs = (performance.now() - t) / runs;
    t = performance.now();
    for (let i = 0; i < runs; i++) history.push(setInputExpr(history.current, 'a', 'x', `flow_input.n + ${i}`), 'a.x');
    const typeMs = (performance.now() - t) / runs;
    t = performance.now();
    renameStep(history.current, 'a', 'first');
    const renameMs = performance.now() - t;
    console.log(
      `200-step flow (${JSON.stringify(doc).length} bytes): insert ${insertMs.toFixed(2)} ms, ` +
        `one keystroke in an input ${typeMs.toFixed(2)} ms, rename with every reference ${renameMs.toFixed(2)} ms`,
    );
    // Generous bounds: a regression to quadratic work shows, a slow shared machine does not fail it.
    expect(insertMs).toBeLessThan(50);
    expect(typeMs).toBeLessThan(50);
  });
});
