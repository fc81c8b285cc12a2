import { applySchemaOverrides, checkSchemaOverrides } from '@runnel/runtimes/schema-overrides';
import { describe, expect, it } from 'vitest';
import { moveField, refinementsToKeep, resetField, setEnumLabel, setRefinement } from './refinements';

describe('refinements', () => {
  const inferred = {
    type: 'object' as const,
    properties: {
      amount: { type: 'integer' as const },
      color: { type: 'string' as const, enum: ['r', 'g'] },
      note: { type: 'string' as const },
    },
    required: ['amount'],
  };

  it('sets and clears one refinement at a time, dropping what empties', () => {
    let o = setRefinement({}, 'amount', 'title', 'Amount');
    o = setRefinement(o, 'amount', 'minimum', 1);
    expect(o).toEqual({ properties: { amount: { title: 'Amount', minimum: 1 } } });
    o = setRefinement(o, 'amount', 'minimum', Number.NaN);
    o = setRefinement(o, 'amount', 'title', '');
    expect(o).toEqual({});
    o = setEnumLabel({}, 'color', 'r', 'Red');
    expect(applySchemaOverrides(inferred, o).properties.color!.enumLabels).toEqual({ r: 'Red' });
    expect(setEnumLabel(o, 'color', 'r', '')).toEqual({});
    expect(resetField(setRefinement(o, 'color', 'title', 'Colour'), 'color')).toEqual({});
  });

  it('moves a field within the shown order, and never past either end', () => {
    const shown = applySchemaOverrides(inferred, {}).order!;
    const moved = moveField({}, shown, 'note', -1);
    expect(applySchemaOverrides(inferred, moved).order).toEqual(['amount', 'note', 'color']);
    expect(moveField(moved, ['amount', 'note', 'color'], 'amount', -1)).toBe(moved);
    expect(moveField(moved, ['amount', 'note', 'color'], 'color', 1)).toBe(moved);
  });

  it('keeps at deploy only the refinements of parameters the code still has', () => {
    const o = { order: ['gone', 'note'], properties: { gone: { title: 'Gone' }, note: { format: 'textarea' } } };
    expect(refinementsToKeep(o, ['amount', 'note'])).toEqual({
      order: ['note'],
      properties: { note: { format: 'textarea' } },
    });
    expect(refinementsToKeep(o, ['amount'])).toBeUndefined();
  });

  it('is checked with the server’s own rules', () => {
    const o = setRefinement(setRefinement({}, 'amount', 'minimum', 9), 'amount', 'maximum', 2);
    expect(checkSchemaOverrides(inferred, o)).toEqual([
      { field: 'amount', key: 'maximum', message: 'minimum (9) is more than maximum (2)' },
    ]);
  });
});
