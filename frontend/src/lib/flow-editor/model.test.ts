import { describe, expect, it } from 'vitest';
import type { FlowModule } from '$openapi/flow';
import windmillExport from '../../../../openapi/src/fixtures/windmill-export.json';
import {
  addBranch,
  completions,
  deleteStep,
  duplicateStep,
  emptyFlow,
  findStep,
  idProblem,
  inputFields,
  insertStep,
  kindOf,
  locate,
  matchCompletions,
  moveStep,
  nextId,
  removeBranch,
  removeInputField,
  removeSchemaField,
  renameRefs,
  renameStep,
  retryDelays,
  setBranch,
  setDedicated,
  setInputExpr,
  setInputField,
  setInputMode,
  setInputValue,
  setLoopOptions,
  setOptions,
  setSchemaField,
  setSummary,
  setValue,
  STEP_KINDS,
  type FlowDocument,
} from './model';

const ids = (modules: FlowModule[]) => modules.map((m) => m.id);

/** a (inline), b (for loop with c inside), d (branch one: branch 0 has e), f (identity). */
function sample(): FlowDocument {
  let doc = emptyFlow();
  doc = insertStep(doc, { slot: { parent: null }, index: 0 }, 'rawscript').doc;
  doc = insertStep(doc, { slot: { parent: null }, index: 1 }, 'forloopflow').doc;
  doc = insertStep(doc, { slot: { parent: 'b' }, index: 0 }, 'rawscript', { language: 'python3' }).doc;
  doc = insertStep(doc, { slot: { parent: null }, index: 2 }, 'branchone').doc;
  doc = insertStep(doc, { slot: { parent: 'd', branch: 0 }, index: 0 }, 'identity').doc;
  doc = insertStep(doc, { slot: { parent: null }, index: 3 }, 'identity').doc;
  return doc;
}

describe('ids', () => {
  it('counts a…z then aa, ab, skipping ids in use anywhere', () => {
    const doc = emptyFlow();
    expect(nextId(doc.value)).toBe('a');
    expect(nextId(doc.value, new Set(['a', 'b']))).toBe('c');
    const az = new Set('abcdefghijklmnopqrstuvwxyz'.split(''));
    expect(nextId(doc.value, az)).toBe('aa');
    expect(nextId(doc.value, new Set([...az, 'aa']))).toBe('ab');
    expect(nextId(sample().value)).toBe('g');
  });

  it('refuses ids that are not identifiers or are taken', () => {
    const doc = sample();
    expect(idProblem(doc.value, 'a', '1x')).toMatch(/letters/);
    expect(idProblem(doc.value, 'a', 'c')).toMatch(/already/);
    expect(idProblem(doc.value, 'a', 'fetch')).toBeNull();
  });
});

describe('insert', () => {
  it('inserts every kind at a position, nested in loops and branches', () => {
    const doc = sample();
    expect(ids(doc.value.modules)).toEqual(['a', 'b', 'd', 'f']);
    const loop = findStep(doc.value, 'b')!;
    expect(loop.value.type === 'forloopflow' && ids(loop.value.modules)).toEqual(['c']);
    const branch = findStep(doc.value, 'd')!;
    expect(branch.value.type === 'branchone' && ids(branch.value.branches[0]?.modules ?? [])).toEqual(['e']);
    expect(findStep(doc.value, 'c')!.value).toMatchObject({ type: 'rawscript', language: 'python3' });
    expect(locate(doc.value, 'e')).toEqual({ slot: { parent: 'd', branch: 0 }, index: 0 });
  });

  it('makes each menu item a step of its kind', () => {
    let doc = emptyFlow();
    for (const { kind } of STEP_KINDS) {
      const inserted = insertStep(doc, { slot: { parent: null }, index: doc.value.modules.length }, kind, {
        path: 'f/x/y',
      });
      doc = inserted.doc;
      expect(kindOf(findStep(doc.value, inserted.id)!)).toBe(kind);
    }
    expect(ids(doc.value.modules)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i']);
    expect(findStep(doc.value, 'h')!.suspend).toEqual({ required_events: 1, timeout: 1800 });
  });

  it('leaves the original untouched and refuses an unknown place', () => {
    const doc = sample();
    const before = JSON.stringify(doc);
    insertStep(doc, { slot: { parent: 'b' }, index: 5 }, 'identity');
    expect(JSON.stringify(doc)).toBe(before);
    expect(() => insertStep(doc, { slot: { parent: 'zz' }, index: 0 }, 'identity')).toThrow(/no such place/);
  });

  it('inserts into branch one default, branch all branches and the failure handler', () => {
    let doc = sample();
    doc = insertStep(doc, { slot: { parent: 'd', branch: 'default' }, index: 0 }, 'identity').doc;
    expect(locate(doc.value, 'g')).toEqual({ slot: { parent: 'd', branch: 'default' }, index: 0 });
    doc = insertStep(doc, { slot: { parent: 'failure' }, index: 0 }, 'rawscript').doc;
    expect(doc.value.failure_module?.id).toBe('h');
    expect(() => insertStep(doc, { slot: { parent: 'failure' }, index: 0 }, 'identity')).toThrow(/one step/);
  });
});

describe('delete, duplicate, move', () => {
  it('deletes a step with everything inside it', () => {
    const doc = deleteStep(sample(), 'b');
    expect(ids(doc.value.modules)).toEqual(['a', 'd', 'f']);
    expect(findStep(doc.value, 'c')).toBeUndefined();
    expect(() => deleteStep(doc, 'b')).toThrow(/no step/);
  });

  it('duplicates right after, with fresh ids for the copy and its inner steps and references', () => {
    let doc = setInputExpr(sample(), 'c', 'x', 'flow_input.iter.value');
    doc = insertStep(doc, { slot: { parent: 'b' }, index: 1 }, 'rawscript').doc; // g
    doc = setInputExpr(doc, 'g', 'x', 'results.c + results.a');
    const { doc: dup, id } = duplicateStep(doc, 'b');
    expect(id).toBe('h');
    expect(ids(dup.value.modules)).toEqual(['a', 'b', 'h', 'd', 'f']);
    const copy = findStep(dup.value, 'h')!;
    expect(copy.value.type === 'forloopflow' && ids(copy.value.modules)).toEqual(['i', 'j']);
    expect(findStep(dup.value, 'j')!.value).toMatchObject({
      input_transforms: { x: { type: 'javascript', expr: 'results.i + results.a' } },
    });
    // The original's references are unchanged.
    expect(findStep(dup.value, 'g')!.value).toMatchObject({
      input_transforms: { x: { expr: 'results.c + results.a' } },
    });
  });

  it('moves up and down within its list, and not past the ends', () => {
    const doc = sample();
    expect(ids(moveStep(doc, 'a', 1).value.modules)).toEqual(['b', 'a', 'd', 'f']);
    expect(ids(moveStep(doc, 'f', -1).value.modules)).toEqual(['a', 'b', 'f', 'd']);
    expect(moveStep(doc, 'a', -1)).toBe(doc);
    expect(moveStep(doc, 'c', 1)).toBe(doc);
  });
});

describe('rename', () => {
  it('rewrites results.<id> in every kind of expression, and nothing else', () => {
    let doc = sample();
    doc = setInputExpr(doc, 'c', 'x', 'results.a.name + results.ab + results["a"] + `results.a`');
    doc = setLoopOptions(doc, 'b', { iterator: { type: 'javascript', expr: 'results.a.items' } });
    doc = setBranch(doc, 'd', 0, { expr: "results['a'].length > 2" });
    doc = setOptions(doc, 'f', {
      skip_if: { expr: 'results.a == null' },
      stop_after_if: { expr: 'result && results.a', skip_if_stopped: true },
      sleep: { type: 'javascript', expr: 'results.a.wait' },
    });
    doc = { ...doc, value: { ...doc.value, early_return: 'a' } };
    const renamed = renameStep(doc, 'a', 'fetch');
    expect(findStep(renamed.value, 'a')).toBeUndefined();
    expect(findStep(renamed.value, 'fetch')).toBeDefined();
    const c = findStep(renamed.value, 'c')!;
    expect(c.value.type === 'rawscript' && c.value.input_transforms?.x).toEqual({
      type: 'javascript',
      expr: 'results.fetch.name + results.ab + results["fetch"] + `results.fetch`',
    });
    const b = findStep(renamed.value, 'b')!;
    expect(b.value.type === 'forloopflow' && b.value.iterator).toEqual({
      type: 'javascript',
      expr: 'results.fetch.items',
    });
    const d = findStep(renamed.value, 'd')!;
    expect(d.value.type === 'branchone' && d.value.branches[0]?.expr).toBe("results['fetch'].length > 2");
    const f = findStep(renamed.value, 'f')!;
    expect(f.skip_if?.expr).toBe('results.fetch == null');
    expect(f.stop_after_if?.expr).toBe('result && results.fetch');
    expect(f.sleep).toEqual({ type: 'javascript', expr: 'results.fetch.wait' });
    expect(renamed.value.early_return).toBe('fetch');
  });

  it('refuses a taken or invalid id', () => {
    expect(() => renameStep(sample(), 'a', 'b')).toThrow(/already/);
    expect(() => renameStep(sample(), 'a', 'x-y')).toThrow(/letters/);
  });

  it('renameRefs leaves longer ids and other objects alone', () => {
    expect(renameRefs('results.a + results.abc + myresults.a + results . a', 'a', 'z')).toBe(
      'results.z + results.abc + myresults.a + results . z',
    );
  });
});

describe('inputs', () => {
  it('sets a static value or an expression', () => {
    let doc = setInputValue(sample(), 'a', 'x', 'hello');
    expect(findStep(doc.value, 'a')!.value).toMatchObject({
      input_transforms: { x: { type: 'static', value: 'hello' } },
    });
    doc = setInputExpr(doc, 'a', 'x', 'flow_input.name');
    expect(findStep(doc.value, 'a')!.value).toMatchObject({
      input_transforms: { x: { type: 'javascript', expr: 'flow_input.name' } },
    });
    expect(() => setInputValue(doc, 'b', 'x', 1)).toThrow(/no inputs/);
  });

  it('switching between value and expression keeps what the input says', () => {
    const transform = (doc: FlowDocument) => {
      const v = findStep(doc.value, 'a')!.value;
      return v.type === 'rawscript' ? v.input_transforms?.x : undefined;
    };
    let doc = setInputValue(sample(), 'a', 'x', 'hello');
    doc = setInputMode(doc, 'a', 'x', 'javascript');
    expect(transform(doc)).toEqual({ type: 'javascript', expr: '"hello"' });
    doc = setInputMode(doc, 'a', 'x', 'static');
    expect(transform(doc)).toEqual({ type: 'static', value: 'hello' });
    doc = setInputValue(doc, 'a', 'x', { n: 1 });
    doc = setInputMode(doc, 'a', 'x', 'javascript');
    expect(transform(doc)).toEqual({ type: 'javascript', expr: '{"n":1}' });
    doc = setInputExpr(doc, 'a', 'x', 'flow_input.a + 1');
    doc = setInputMode(doc, 'a', 'x', 'static');
    expect(transform(doc)).toEqual({ type: 'static', value: 'flow_input.a + 1' });
    // Nothing to switch: the same mode changes nothing.
    expect(transform(setInputMode(doc, 'a', 'x', 'static'))).toEqual({ type: 'static', value: 'flow_input.a + 1' });
  });
});

describe('options', () => {
  it('sets and removes retry, sleep, timeout, skip if, stop after if, continue on error, approval', () => {
    let doc = setOptions(sample(), 'a', {
      retry: { constant: { attempts: 2, seconds: 3 } },
      sleep: 5,
      timeout: 60,
      skip_if: { expr: 'flow_input.skip' },
      stop_after_if: { expr: 'result.done', skip_if_stopped: true },
      continue_on_error: true,
      suspend: { required_events: 2, timeout: 600 },
    });
    expect(findStep(doc.value, 'a')).toMatchObject({
      retry: { constant: { attempts: 2, seconds: 3 } },
      sleep: 5,
      timeout: 60,
      skip_if: { expr: 'flow_input.skip' },
      stop_after_if: { expr: 'result.done', skip_if_stopped: true },
      continue_on_error: true,
      suspend: { required_events: 2, timeout: 600 },
    });
    doc = setOptions(doc, 'a', {
      retry: undefined,
      sleep: undefined,
      skip_if: { expr: '  ' },
      continue_on_error: false,
      suspend: undefined,
    });
    const a = findStep(doc.value, 'a')!;
    expect(Object.keys(a).sort()).toEqual(['id', 'stop_after_if', 'timeout', 'value']);
  });

  it('previews retry delays: constant, then exponential counting every retry', () => {
    expect(retryDelays(undefined)).toEqual([]);
    expect(retryDelays({ constant: { attempts: 3, seconds: 5 } })).toEqual([5, 5, 5]);
    expect(retryDelays({ exponential: { attempts: 3, multiplier: 1, seconds: 2 } })).toEqual([2, 4, 8]);
    expect(
      retryDelays({ constant: { attempts: 1, seconds: 10 }, exponential: { attempts: 2, multiplier: 3, seconds: 2 } }),
    ).toEqual([10, 12, 24]);
  });

  it('sets loop options and refuses them elsewhere', () => {
    let doc = setLoopOptions(sample(), 'b', {
      iterator: { type: 'javascript', expr: 'flow_input.items' },
      parallel: true,
      parallelism: 4,
      skip_failures: true,
    });
    expect(findStep(doc.value, 'b')!.value).toMatchObject({
      iterator: { expr: 'flow_input.items' },
      parallel: true,
      parallelism: 4,
      skip_failures: true,
    });
    doc = setLoopOptions(doc, 'b', { parallelism: undefined });
    expect(findStep(doc.value, 'b')!.value).not.toHaveProperty('parallelism');
    expect(() => setLoopOptions(doc, 'a', { parallel: true })).toThrow(/not a loop/);
  });

  it('adds, edits and removes branches', () => {
    let doc = addBranch(sample(), 'd');
    doc = setBranch(doc, 'd', 1, { expr: 'flow_input.n > 3', summary: 'big' });
    const d = findStep(doc.value, 'd')!;
    expect(d.value.type === 'branchone' && d.value.branches[1]).toEqual({
      summary: 'big',
      expr: 'flow_input.n > 3',
      modules: [],
    });
    doc = removeBranch(doc, 'd', 0);
    expect(findStep(doc.value, 'e')).toBeUndefined();
    const all = insertStep(doc, { slot: { parent: null }, index: 0 }, 'branchall');
    expect(() => removeBranch(all.doc, all.id, 0)).toThrow(/at least one/);
  });

  it('sets summary and the value fields (code, language, path)', () => {
    let doc = setSummary(sample(), 'a', 'Fetch');
    doc = setValue(doc, 'a', { content: 'def main(): pass', language: 'python3' });
    expect(findStep(doc.value, 'a')).toMatchObject({
      summary: 'Fetch',
      value: { content: 'def main(): pass', language: 'python3' },
    });
    expect(findStep(setSummary(doc, 'a', '').value, 'a')).not.toHaveProperty('summary');
  });
});

describe('input schema', () => {
  it('adds, renames, retypes and removes fields, keeping order and required', () => {
    let doc = setInputField(emptyFlow(), {
      name: 'n',
      type: 'integer',
      description: 'How many',
      required: true,
      default: 3,
    });
    doc = setInputField(doc, { name: 'who', type: 'string', description: '', required: false });
    expect(inputFields(doc.schema)).toEqual([
      { name: 'n', type: 'integer', description: 'How many', required: true, default: 3 },
      { name: 'who', type: 'string', description: '', required: false },
    ]);
    doc = setInputField(doc, { name: 'count', type: 'number', description: 'How many', required: false }, 'n');
    expect(inputFields(doc.schema).map((f) => f.name)).toEqual(['count', 'who']);
    expect(doc.schema.required).toEqual([]);
    expect(() =>
      setInputField(doc, { name: 'who', type: 'string', description: '', required: false }, 'count'),
    ).toThrow(/already/);
    doc = removeInputField(doc, 'count');
    // The same editing serves an approval's resume form, from no schema at all.
    const resume = setSchemaField({}, { name: 'note', type: 'string', description: 'Why', required: true });
    expect(resume).toEqual({
      type: 'object',
      properties: { note: { type: 'string', description: 'Why' } },
      order: ['note'],
      required: ['note'],
    });
    expect(removeSchemaField(resume, 'note')).toEqual({ type: 'object', properties: {}, order: [], required: [] });
    expect(inputFields(doc.schema).map((f) => f.name)).toEqual(['who']);
  });
});

describe('completions', () => {
  it('offers flow inputs, earlier results, loop iteration, previous_result and resume', () => {
    let doc = setInputField(sample(), { name: 'since', type: 'string', description: '', required: false });
    doc = setOptions(doc, 'a', { suspend: { required_events: 1 } });
    const inLoop = completions(doc, 'c', { a: { items: [1], 'bad key': 1 } }).map((c) => c.label);
    expect(inLoop).toEqual([
      'flow_input.since',
      'flow_input.iter.value',
      'flow_input.iter.index',
      'results.a',
      'results.a.items',
      'previous_result',
      'resume',
    ]);
    const last = completions(doc, 'f').map((c) => c.label);
    expect(last).toContain('results.d');
    expect(last).toContain('results.b');
    expect(last).not.toContain('results.c');
    expect(last).not.toContain('flow_input.iter.value');
    expect(completions(doc, 'a').map((c) => c.label)).toEqual(['flow_input.since', 'previous_result']);
  });

  it("offers the failure handler the flow's error and every top-level result", () => {
    const doc = insertStep(sample(), { slot: { parent: 'failure' }, index: 0 }, 'rawscript').doc;
    const labels = completions(doc, 'g').map((c) => c.label);
    expect(labels).toEqual(expect.arrayContaining(['results.a', 'results.f', 'error', 'error.message']));
    expect(completions(doc, 'a').map((c) => c.label)).not.toContain('error');
  });

  it('matches what is typed before the cursor', () => {
    const all = completions(
      setInputField(sample(), { name: 'since', type: 'string', description: '', required: false }),
      'f',
    );
    expect(matchCompletions(all, 'x + results.').map((c) => c.label)).toEqual(['results.a', 'results.b', 'results.d']);
    expect(matchCompletions(all, 'flow_in').map((c) => c.label)).toEqual(['flow_input.since']);
    expect(matchCompletions(all, '1 + ')).toEqual([]);
  });
});

describe('a real Windmill export', () => {
  it('is walked, renamed and edited like any flow', () => {
    const doc: FlowDocument = {
      path: 'f/imports/signups',
      summary: windmillExport.summary,
      description: '',
      value: windmillExport.value as FlowDocument['value'],
      schema: windmillExport.schema,
    };
    expect(locate(doc.value, 'e')?.slot).toEqual({ parent: 'd', branch: 0 });
    expect(nextId(doc.value)).toBe('g');
    const renamed = renameStep(doc, 'c', 'size');
    const d = findStep(renamed.value, 'd')!;
    expect(d.value.type === 'branchone' && d.value.branches[0]?.expr).toContain('results.size');
    expect(completions(doc, 'd').map((c) => c.label)).toContain('flow_input.iter.value');
  });
});

describe('copy on write', () => {
  function deepFreeze<T>(value: T): T {
    if (value && typeof value === 'object' && !Object.isFrozen(value)) {
      Object.freeze(value);
      for (const v of Object.values(value)) deepFreeze(v);
    }
    return value;
  }

  it('never writes to the document it is given, and shares every step it did not change', () => {
    const doc = deepFreeze(sample());
    // Each of these throws (strict mode) if it writes to the frozen document.
    const edits: FlowDocument[] = [
      insertStep(doc, { slot: { parent: 'b' }, index: 1 }, 'rawscript').doc,
      deleteStep(doc, 'f'),
      duplicateStep(doc, 'a').doc,
      moveStep(doc, 'a', 1),
      renameStep(doc, 'c', 'renamed'),
      setInputExpr(doc, 'c', 'x', 'flow_input.iter.value'),
      setSummary(doc, 'a', 'first'),
    ];
    for (const next of edits) expect(next).not.toBe(doc);
    // An input change in c copies c and the loop around it, not a, d or f.
    const changed = edits[5]!;
    expect(findStep(changed.value, 'a')).toBe(findStep(doc.value, 'a'));
    expect(findStep(changed.value, 'd')).toBe(findStep(doc.value, 'd'));
    expect(findStep(changed.value, 'f')).toBe(findStep(doc.value, 'f'));
    expect(findStep(changed.value, 'b')).not.toBe(findStep(doc.value, 'b'));
    expect(findStep(changed.value, 'c')).not.toBe(findStep(doc.value, 'c'));
    expect(findStep(doc.value, 'c')!.value).not.toMatchObject({
      input_transforms: { x: { expr: 'flow_input.iter.value' } },
    });
  });
});

describe('setDedicated', () => {
  it('sets dedicated: true on the value, and off removes the field', () => {
    const doc = sample();
    const on = setDedicated(doc, true);
    expect((on.value as { dedicated?: boolean }).dedicated).toBe(true);
    expect(on.value.modules).toBe(doc.value.modules);
    const off = setDedicated(on, false);
    expect('dedicated' in off.value).toBe(false);
  });
});
