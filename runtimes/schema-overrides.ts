import { patternProblem } from './args-schema.js';
import type { JsonSchema } from './types.js';

/**
 * A person's refinements of an inferred form, stored with the script version (`schema_overrides`)
 * and applied to every new inference, so they survive edits of the code (as Windmill keeps them).
 * Keys are Windmill's: `order` for the fields' order, `enumLabels` for the text of enum values.
 */
export interface SchemaOverrides {
  /** Parameter names in display order; parameters it leaves out follow in declared order. */
  order?: string[];
  properties?: Record<string, FieldOverride>;
}

export interface FieldOverride {
  title?: string;
  description?: string;
  placeholder?: string;
  /** textarea, password, email, uri, date, date-time, … */
  format?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  /** Text shown for each enum value, by the value as a string. */
  enumLabels?: Record<string, string>;
}

/** The keys a FieldOverride may set: refinements of presentation and of the rules, never the type. */
export const FIELD_OVERRIDE_KEYS = [
  'title',
  'description',
  'placeholder',
  'format',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'pattern',
  'enumLabels',
] as const satisfies readonly (keyof FieldOverride)[];

export type FormSchema = JsonSchema & {
  type: 'object';
  properties: Record<string, JsonSchema & FieldOverride>;
  required: string[];
  order?: string[];
};

/**
 * The inferred schema with the overrides laid on: a pure function shared by the server (at deploy,
 * the schema jobs are validated against) and the browser (the live form), so both agree. An
 * override of a parameter the code no longer has is dropped with it; the properties come in
 * display order, which `order` also lists. Neither argument is changed.
 */
export function applySchemaOverrides(
  inferred: JsonSchema & { properties: Record<string, JsonSchema>; required: string[] },
  overrides: SchemaOverrides | null | undefined,
): FormSchema {
  const names = Object.keys(inferred.properties);
  const wanted = (overrides?.order ?? []).filter((name, i, all) => names.includes(name) && all.indexOf(name) === i);
  const order = [...wanted, ...names.filter((name) => !wanted.includes(name))];
  const properties: FormSchema['properties'] = {};
  for (const name of order) {
    const field = structuredClone(inferred.properties[name]!) as Record<string, unknown>;
    const override = overrides?.properties?.[name] as Record<string, unknown> | undefined;
    for (const key of FIELD_OVERRIDE_KEYS) {
      if (override?.[key] !== undefined) field[key] = structuredClone(override[key]);
    }
    properties[name] = field;
  }
  return { ...structuredClone(inferred), type: 'object', properties, required: [...inferred.required], order };
}

/** A refinement that would make a field impossible to fill in or its schema impossible to compile. */
export interface OverrideProblem {
  /** The parameter. */
  field: string;
  /** The refinement at fault, so the editor can show the message beside its input. */
  key: keyof FieldOverride;
  message: string;
}

/**
 * What is wrong with the refinements of the parameters `inferred` has, judged on the merged field
 * (a refined minimum above an inferred maximum is as wrong as two refined ones): the server refuses
 * a deploy with any, and the editor shows each at its input before Deploy.
 */
export function checkSchemaOverrides(
  inferred: JsonSchema & { properties: Record<string, JsonSchema> },
  overrides: SchemaOverrides | null | undefined,
): OverrideProblem[] {
  const problems: OverrideProblem[] = [];
  for (const [field, override] of Object.entries(overrides?.properties ?? {})) {
    const base = inferred.properties[field];
    if (!base || !override) continue;
    const merged = { ...base, ...override } as Record<string, unknown>;
    const add = (key: keyof FieldOverride, message: string) => problems.push({ field, key, message });
    for (const key of ['minimum', 'maximum'] as const) {
      const value = override[key];
      if (value !== undefined && !Number.isFinite(value)) add(key, `${key} must be a number`);
    }
    for (const key of ['minLength', 'maxLength'] as const) {
      const value = override[key];
      if (value !== undefined && !(Number.isInteger(value) && value >= 0)) {
        add(key, `${key} must be a whole number, 0 or more`);
      }
    }
    orderedPair(override, merged, 'minimum', 'maximum', add);
    orderedPair(override, merged, 'minLength', 'maxLength', add);
    if (override.pattern !== undefined) {
      const problem = patternProblem(override.pattern);
      if (problem) add('pattern', problem);
    }
  }
  return problems;
}

/** A low bound above its high bound is blamed on the refinement that set one of them. */
function orderedPair(
  override: FieldOverride,
  merged: Record<string, unknown>,
  low: 'minimum' | 'minLength',
  high: 'maximum' | 'maxLength',
  add: (key: keyof FieldOverride, message: string) => void,
): void {
  const [min, max] = [merged[low], merged[high]];
  if (typeof min !== 'number' || typeof max !== 'number' || !(min > max)) return;
  const blamed = override[high] !== undefined ? high : low;
  add(blamed, `${low} (${min}) is more than ${high} (${max})`);
}
