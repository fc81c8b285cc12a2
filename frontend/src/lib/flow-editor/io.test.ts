import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { checkFlow, exportText, guessFormat, parseFlowText, validateDocument } from './io';
import { emptyFlow, findStep, insertStep, setLoopOptions } from './model';

const exportJson = readFileSync(
  fileURLToPath(new URL('../../../../openapi/src/fixtures/windmill-export.json', import.meta.url)),
  'utf8',
);

describe('import and export', () => {
  it('imports a Windmill JSON export as it comes, with its loop, branches and failure handler', async () => {
    // The export names its path, which wins over the editor's.
    const parsed = await parseFlowText(exportJson, 'f/x/signups');
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    expect(parsed.doc.path).toBe('f/crm/enrich_signups');
    expect(parsed.doc.summary).toBe('Enrich new signups');
    expect(parsed.doc.value.modules.map((m) => m.id)).toEqual(['a', 'b', 'f']);
    expect(findStep(parsed.doc.value, 'e')?.suspend?.required_events).toBe(1);
    expect(parsed.doc.value.failure_module?.id).toBe('failure');
    expect(parsed.doc.schema.properties?.since).toMatchObject({ type: 'string' });
  });

  it('round-trips through YAML and JSON exports', async () => {
    const parsed = await parseFlowText(exportJson);
    if (!parsed.ok) throw new Error('import failed');
    const yaml = await exportText(parsed.doc, 'yaml');
    expect(guessFormat(yaml)).toBe('yaml');
    expect(yaml).toContain('summary: Enrich new signups');
    const back = await parseFlowText(yaml);
    expect(back.ok && back.doc.value).toEqual(parsed.doc.value);
    const json = await exportText(parsed.doc, 'json');
    expect(JSON.parse(json)).toMatchObject({ summary: 'Enrich new signups', value: { modules: expect.any(Array) } });
  });

  it('points schema errors at their path in the document', async () => {
    let doc = insertStep(emptyFlow(), { slot: { parent: null }, index: 0 }, 'rawscript').doc;
    doc = insertStep(doc, { slot: { parent: null }, index: 1 }, 'identity').doc;
    doc = insertStep(doc, { slot: { parent: null }, index: 2 }, 'forloopflow').doc;
    doc = setLoopOptions(doc, 'c', { iterator: { type: 'nope' } as never });
    const errors = await validateDocument(doc);
    expect(errors.map((e) => e.path)).toContain('value.modules[2].value.iterator.type');
    const yaml = 'summary: s\nvalue:\n  modules:\n    - id: a\n      value:\n        type: script\n';
    const parsed = await parseFlowText(yaml);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.errors).toEqual([{ path: 'value.modules[0].value.path', message: 'is required' }]);
  });

  it('says where the text itself is broken', async () => {
    const yaml = await parseFlowText('summary: [unclosed\nvalue: 1');
    expect(!yaml.ok && yaml.errors[0]?.message).toMatch(/not valid YAML/);
    const json = await parseFlowText('{"summary": ');
    expect(!json.ok && json.errors[0]?.message).toMatch(/not valid JSON/);
    expect(await parseFlowText('  ')).toMatchObject({ ok: false });
    expect(await checkFlow({ summary: 's' })).toEqual({
      ok: false,
      errors: [{ path: 'value', message: 'is required' }],
    });
  });
});
