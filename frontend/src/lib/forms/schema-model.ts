/**
 * JSON Schema → a tree of field descriptors. Pure: the widgets render this tree, `values.ts` turns
 * what they hold into args, and tests check it without a browser.
 */

/** The JSON Schema keywords forms read; anything else is kept and ignored. */
export interface JsonSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  placeholder?: string;
  default?: unknown;
  enum?: unknown[];
  /** Windmill's display names for enum values, by the value as a string. */
  enumLabels?: Record<string, string>;
  format?: string;
  contentEncoding?: string;
  /** Windmill's older way of saying `format: password`. */
  password?: boolean;
  items?: JsonSchema | JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  /** Windmill's property order inside an object. */
  order?: string[];
  nullable?: boolean;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minItems?: number;
  maxItems?: number;
  [keyword: string]: unknown;
}

export type FieldKind =
  | 'text'
  | 'textarea'
  | 'password'
  | 'email'
  | 'uri'
  | 'number'
  | 'integer'
  | 'boolean'
  | 'enum'
  | 'date'
  | 'date-time'
  | 'bytes'
  | 'array'
  | 'object'
  | 'json';

export interface Constraints {
  min?: number;
  max?: number;
  /** `any` for numbers without `multipleOf`, so the browser accepts every decimal. */
  step?: number | 'any';
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
}

export interface EnumOption {
  value: unknown;
  label: string;
}

export interface FieldModel {
  /** The property name; '' for an array's item. */
  name: string;
  label: string;
  kind: FieldKind;
  required: boolean;
  nullable: boolean;
  description?: string;
  placeholder?: string;
  /** The schema's default, as JSON. */
  default?: unknown;
  constraints: Constraints;
  options?: EnumOption[];
  /** For `array`: the model of one item. */
  items?: FieldModel;
  /** For `object`: its properties in order. */
  children?: FieldModel[];
  /** For a `format: resource-<type>` field (a picker of that type's resources, `$res:<path>`): the type. */
  resource?: string;
}

/**
 * The fields of a script's (or flow's) input schema: in the schema's `order` (the order a person
 * chose, which a deployed schema always carries), else in `argOrder` (the parameters' declared
 * order), then any property neither names. Positional Bash scripts leave '' for unread positions.
 */
export function buildModel(schema: JsonSchema | null | undefined, argOrder: readonly string[] = []): FieldModel[] {
  const properties = schema?.properties ?? {};
  const required = new Set(schema?.required ?? []);
  return orderedKeys(properties, [...(schema?.order ?? []), ...argOrder]).map((name) =>
    fieldModel(name, properties[name] ?? {}, required.has(name)),
  );
}

/** `a`, `a.b`, `a[0].b` — the same field paths as the server's 400 `details`. */
export function joinPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return parent === '' ? key : `${parent}.${key}`;
}

function orderedKeys(properties: Record<string, JsonSchema>, order: readonly string[]): string[] {
  const known = order.filter((key) => Object.hasOwn(properties, key));
  return [...new Set([...known, ...Object.keys(properties)])];
}

export function fieldModel(name: string, schema: JsonSchema, required: boolean): FieldModel {
  const types = (Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : []).filter(
    (t) => t !== 'null',
  );
  const type = types.length === 1 ? types[0] : undefined;
  const nullable = schema.nullable === true || (Array.isArray(schema.type) && schema.type.includes('null'));
  const base: FieldModel = {
    name,
    label: schema.title || name,
    kind: 'json',
    required,
    nullable,
    constraints: constraints(schema, type),
  };
  if (schema.description) base.description = schema.description;
  if (typeof schema.placeholder === 'string') base.placeholder = schema.placeholder;
  if (schema.default !== undefined) base.default = schema.default;

  const resource = schema.format?.startsWith('resource-') ? schema.format.slice('resource-'.length) : undefined;
  if (resource !== undefined) return { ...base, resource };
  if (Array.isArray(schema.enum) && schema.enum.length > 0) {
    const labels = schema.enumLabels ?? {};
    const options = schema.enum.map((value) => ({ value, label: labels[String(value)] ?? display(value) }));
    return { ...base, kind: 'enum', options };
  }
  switch (type) {
    case 'boolean':
      return { ...base, kind: 'boolean' };
    case 'integer':
    case 'number':
      return { ...base, kind: type };
    case 'string':
      return { ...base, kind: stringKind(schema) };
    case 'object': {
      const children = buildModel(schema);
      return children.length > 0 ? { ...base, kind: 'object', children } : base;
    }
    case 'array': {
      const item = Array.isArray(schema.items) ? undefined : schema.items;
      if (!item) return base;
      // An item is there because someone added it: nothing to mark as required.
      const items = fieldModel('', item, false);
      // An array of arrays, or of anything the form can't break down, is clearer as one JSON value.
      return items.kind === 'array' || items.kind === 'json' ? base : { ...base, kind: 'array', items };
    }
    default:
      return base;
  }
}

function stringKind(schema: JsonSchema): FieldKind {
  if (schema.contentEncoding === 'base64') return 'bytes';
  if (schema.password === true) return 'password';
  switch (schema.format) {
    case 'date':
    case 'date-time':
    case 'password':
    case 'email':
    case 'textarea':
      return schema.format;
    case 'uri':
    case 'url':
      return 'uri';
    // A query is written over several lines (Windmill's `Sql` parameter type).
    case 'sql':
      return 'textarea';
  }
  return typeof schema.default === 'string' && schema.default.includes('\n') ? 'textarea' : 'text';
}

function constraints(schema: JsonSchema, type: string | undefined): Constraints {
  const c: Constraints = {};
  const min = schema.minimum ?? schema.exclusiveMinimum;
  const max = schema.maximum ?? schema.exclusiveMaximum;
  if (typeof min === 'number') c.min = min;
  if (typeof max === 'number') c.max = max;
  if (type === 'integer') c.step = schema.multipleOf ?? 1;
  if (type === 'number') c.step = schema.multipleOf ?? 'any';
  for (const key of ['maxLength', 'minItems', 'maxItems'] as const) {
    if (typeof schema[key] === 'number') c[key] = schema[key];
  }
  return c;
}

function display(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
