/**
 * Editing a person's refinements of an inferred form (`schema_overrides`). Every function returns a
 * new value and leaves its argument alone, so the editor's draft is replaced, never patched, and
 * empty refinements are dropped as they empty: a field reset by hand leaves no trace in the version.
 */
import type { FieldOverride, SchemaOverrides } from '@runnel/runtimes/schema-overrides';

export type { FieldOverride, SchemaOverrides };
export type RefinementKey = Exclude<keyof FieldOverride, 'enumLabels'>;

/** Sets one refinement of one field; `undefined`, '' or NaN removes it (the inferred value shows again). */
export function setRefinement(
  overrides: SchemaOverrides,
  field: string,
  key: RefinementKey,
  value: string | number | undefined,
): SchemaOverrides {
  const current: FieldOverride = { ...overrides.properties?.[field] };
  const empty = value === undefined || value === '' || (typeof value === 'number' && Number.isNaN(value));
  if (empty) delete current[key];
  else (current as Record<string, unknown>)[key] = value;
  return withField(overrides, field, current);
}

/** Sets the text shown for one enum value; '' shows the value itself again. */
export function setEnumLabel(overrides: SchemaOverrides, field: string, value: string, label: string): SchemaOverrides {
  const current: FieldOverride = { ...overrides.properties?.[field] };
  const labels = { ...current.enumLabels };
  if (label === '') delete labels[value];
  else labels[value] = label;
  if (Object.keys(labels).length > 0) current.enumLabels = labels;
  else delete current.enumLabels;
  return withField(overrides, field, current);
}

/** Forgets every refinement of one field (its place in the order stays). */
export function resetField(overrides: SchemaOverrides, field: string): SchemaOverrides {
  return withField(overrides, field, {});
}

/**
 * Moves `field` one place up (-1) or down (1) in `shown`, the order the form shows now; the whole
 * order is kept, so later parameters added to the code join at the end.
 */
export function moveField(
  overrides: SchemaOverrides,
  shown: readonly string[],
  field: string,
  by: -1 | 1,
): SchemaOverrides {
  const from = shown.indexOf(field);
  const to = from + by;
  if (from < 0 || to < 0 || to >= shown.length) return overrides;
  const order = [...shown];
  [order[from], order[to]] = [order[to]!, order[from]!];
  return { ...overrides, order };
}

/**
 * What a deploy stores: the refinements of the parameters the code has now, or nothing when none
 * remain. (While typing, a parameter that disappears for a moment keeps its refinements.)
 */
export function refinementsToKeep(overrides: SchemaOverrides, names: readonly string[]): SchemaOverrides | undefined {
  const properties = Object.fromEntries(
    Object.entries(overrides.properties ?? {}).filter(([name, o]) => names.includes(name) && Object.keys(o).length > 0),
  );
  const order = overrides.order?.filter((name) => names.includes(name));
  const kept: SchemaOverrides = {
    ...(order && order.length > 0 ? { order } : {}),
    ...(Object.keys(properties).length > 0 ? { properties } : {}),
  };
  return Object.keys(kept).length > 0 ? kept : undefined;
}

function withField(overrides: SchemaOverrides, field: string, value: FieldOverride): SchemaOverrides {
  const properties = { ...overrides.properties };
  if (Object.keys(value).length > 0) properties[field] = value;
  else delete properties[field];
  const { properties: _old, ...rest } = overrides;
  return Object.keys(properties).length > 0 ? { ...rest, properties } : rest;
}
