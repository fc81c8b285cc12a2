import { describe, expect, it } from 'vitest';
import { History } from './history';
import { deleteStep, emptyFlow, findStep, insertStep, setInputExpr, setInputValue } from './model';

describe('History', () => {
  it('undoes and redoes insert, delete and an input change in order', () => {
    const start = emptyFlow();
    const history = new History(start);
    const inserted = insertStep(start, { slot: { parent: null }, index: 0 }, 'rawscript');
    history.push(inserted.doc);
    const second = insertStep(history.current, { slot: { parent: null }, index: 1 }, 'identity');
    history.push(second.doc);
    history.push(setInputValue(history.current, 'a', 'x', 'hi'));
    history.push(deleteStep(history.current, 'b'));

    expect(history.current.value.modules.map((m) => m.id)).toEqual(['a']);
    expect(history.undo().value.modules.map((m) => m.id)).toEqual(['a', 'b']);
    expect(findStep(history.undo().value, 'a')!.value).toMatchObject({ input_transforms: {} });
    expect(history.undo().value.modules.map((m) => m.id)).toEqual(['a']);
    expect(history.undo()).toBe(start);
    expect(history.canUndo).toBe(false);
    expect(history.undo()).toBe(start);
    history.redo();
    history.redo();
    expect(findStep(history.redo().value, 'a')!.value).toMatchObject({ input_transforms: { x: { value: 'hi' } } });
    expect(history.redo().value.modules.map((m) => m.id)).toEqual(['a']);
    expect(history.canRedo).toBe(false);
  });

  it('groups keystrokes of one field into one step, and a new change drops the redo', () => {
    let doc = insertStep(emptyFlow(), { slot: { parent: null }, index: 0 }, 'rawscript').doc;
    const history = new History(doc);
    for (const expr of ['f', 'fl', 'flo']) history.push(setInputExpr(history.current, 'a', 'x', expr), 'a.x');
    history.push(setInputExpr(history.current, 'a', 'y', '1'), 'a.y');
    history.undo();
    expect(findStep(history.current.value, 'a')!.value).toMatchObject({ input_transforms: { x: { expr: 'flo' } } });
    expect(history.undo()).toBe(doc);
    history.redo();
    doc = setInputExpr(history.current, 'a', 'z', '2');
    history.push(doc);
    expect(history.canRedo).toBe(false);
    history.seal();
  });
});
