import type { JsonSchema } from '../types.js';
import { NOT_LITERAL, literalValue, stringValue } from './literal.js';
import { children, commaGroups, operands, parser, undecorated, type SyntaxNode } from './syntax.js';
import { mergeUnion } from '../schema.js';

/** An annotation's schema, plus whether it admits None (which makes a parameter optional). */
export interface Mapped {
  schema: JsonSchema;
  optional: boolean;
}

const plain = (schema: JsonSchema): Mapped => ({ schema, optional: false });
const NONE: Mapped = { schema: { type: 'null' }, optional: true };

const SCALARS: Record<string, JsonSchema> = {
  int: { type: 'integer' },
  float: { type: 'number' },
  Decimal: { type: 'number' },
  bool: { type: 'boolean' },
  str: { type: 'string' },
  bytes: { type: 'string', contentEncoding: 'base64' },
  bytearray: { type: 'string', contentEncoding: 'base64' },
  datetime: { type: 'string', format: 'date-time' },
  date: { type: 'string', format: 'date' },
  time: { type: 'string', format: 'time' },
  UUID: { type: 'string', format: 'uuid' },
  Path: { type: 'string' },
  // Windmill's `wmill.Sql` (and its lower-case spelling): a query, which the form shows over several lines.
  Sql: { type: 'string', format: 'sql' },
  sql: { type: 'string', format: 'sql' },
  // Names that say nothing about the JSON shape, rather than naming a resource.
  Any: {},
  object: {},
  Callable: {},
  TypeVar: {},
  Type: {},
  type: {},
};
/** Tuples are handled apart: `tuple[int, ...]` and `tuple[int, str]` mean different things. */
const ARRAYS = new Set([
  'list',
  'List',
  'Sequence',
  'MutableSequence',
  'Iterable',
  'Collection',
  'set',
  'Set',
  'frozenset',
  'FrozenSet',
  'AbstractSet',
  'MutableSet',
  'deque',
  'Deque',
]);
const OBJECTS = new Set(['dict', 'Dict', 'Mapping', 'MutableMapping', 'OrderedDict', 'defaultdict', 'DefaultDict']);
/** Qualifiers whose first argument is the real type. */
const WRAPPERS = new Set(['Annotated', 'Required', 'Final', 'ClassVar', 'ReadOnly']);
const ENUM_BASES = new Set(['Enum', 'StrEnum', 'IntEnum', 'Flag', 'IntFlag']);

/** `PostgresqlDb` → `postgresql_db`, `HTTPServer` → `http_server`: resource type names are snake_case. */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}

/**
 * Maps Python annotation syntax to JSON Schema without importing anything: names resolve to
 * classes and aliases defined at the top of the same module, `typing` names are recognised by
 * their last segment (`typing.List`, `t.Optional`), and any other name is a resource type.
 */
export class AnnotationMapper {
  /** Module-level class statements and the right-hand sides of type aliases, by name. */
  private readonly declarations = new Map<string, SyntaxNode>();
  /** Names being expanded right now; a recursive type cannot be inlined into a finite schema. */
  private readonly resolving = new Set<string>();
  /** Swapped while a string annotation (`"Color"`) is mapped, since its nodes come from a second parse. */
  private source: string;

  constructor(
    private readonly moduleSource: string,
    module: SyntaxNode,
  ) {
    this.source = moduleSource;
    for (const statement of children(module)) this.collect(statement);
  }

  map(node: SyntaxNode): Mapped {
    switch (node.name) {
      case 'VariableName':
        return this.named(this.text(node), []);
      case 'MemberExpression':
        return this.member(node);
      case 'None':
        return NONE;
      case 'BinaryExpression':
        return this.text(node.getChild('BitOp') ?? node) === '|' ? this.union(this.unionMembers(node)) : plain({});
      case 'ParenthesizedExpression': {
        const [inner] = operands(node);
        return inner ? this.map(inner) : plain({});
      }
      case 'String':
        return this.forwardReference(node);
      default:
        return plain({});
    }
  }

  /** `Color.RED` as a default of an Enum-typed parameter means that member's value. */
  enumMember(node: SyntaxNode): unknown {
    if (node.name !== 'MemberExpression' || node.getChild('[')) return NOT_LITERAL;
    const [base, , member] = children(node);
    if (base?.name !== 'VariableName' || !member) return NOT_LITERAL;
    const statement = this.declarations.get(this.text(base));
    const members = statement && this.enumMembers(statement);
    return members?.has(this.text(member)) ? members.get(this.text(member)) : NOT_LITERAL;
  }

  private collect(statement: SyntaxNode): void {
    const node = undecorated(statement);
    const [first, second] = children(node);
    const id = node.getChild('VariableName');
    if (node.name === 'ClassDefinition' && id) this.declarations.set(this.text(id), statement);
    else if (node.name === 'TypeDefinition' && id && node.lastChild)
      this.declarations.set(this.text(id), node.lastChild);
    else if (
      node.name === 'AssignStatement' &&
      first?.name === 'VariableName' &&
      node.getChildren('AssignOp').length === 1
    ) {
      // `X = …` or `X: TypeAlias = …`; an annotated variable (`x: int = 3`) is data, not a type.
      const annotation = second?.name === 'TypeDef' ? second.lastChild : null;
      if (annotation && !this.text(annotation).endsWith('TypeAlias')) return;
      if (node.lastChild && node.lastChild.name !== 'AssignOp') this.declarations.set(this.text(first), node.lastChild);
    }
  }

  private member(node: SyntaxNode): Mapped {
    const parts = children(node);
    const open = parts.findIndex((part) => part.name === '[');
    if (open < 0) return this.named(this.text(parts.at(-1) ?? node), []);
    const base = parts[0];
    const baseName = base.name === 'MemberExpression' ? this.text(base.lastChild ?? base) : this.text(base);
    return this.named(
      baseName,
      commaGroups(parts.slice(open)).map((group) => group[0]),
    );
  }

  private named(name: string, args: SyntaxNode[]): Mapped {
    const declared = this.declarations.get(name);
    if (declared) return this.declared(name, declared);
    const arg = (index: number): Mapped => (args[index] ? this.map(args[index]) : plain({}));
    if (name in SCALARS) return plain({ ...SCALARS[name] });
    if (ARRAYS.has(name)) {
      return plain(args.length > 0 ? { type: 'array', items: arg(0).schema } : { type: 'array' });
    }
    if (OBJECTS.has(name)) {
      const value = arg(1).schema;
      return plain(
        Object.keys(value).length > 0 ? { type: 'object', additionalProperties: value } : { type: 'object' },
      );
    }
    switch (name) {
      case 'tuple':
      case 'Tuple':
        return plain(this.tuple(args));
      case 'None':
      case 'NoneType':
        return NONE;
      case 'Optional':
        return this.union([...args, null]);
      case 'Union':
        return this.union(args);
      case 'Literal':
        return this.literal(args);
      case 'NotRequired':
        return { schema: arg(0).schema, optional: true };
    }
    if (WRAPPERS.has(name)) return arg(0);
    return plain({ type: 'object', format: `resource-${snakeCase(name)}` });
  }

  private tuple(args: SyntaxNode[]): JsonSchema {
    // `tuple[int, ...]` is a list of ints; `tuple[int, str]` is a fixed mix we can only call an array.
    if (args.length === 2 && args[1].name === 'Ellipsis') return { type: 'array', items: this.map(args[0]).schema };
    const items = args.map((arg) => JSON.stringify(this.map(arg).schema));
    return items.length > 0 && items.every((item) => item === items[0])
      ? { type: 'array', items: this.map(args[0]).schema }
      : { type: 'array' };
  }

  /** `a | b | c` parses as nested pairs; flattening lets literal members merge into one enum. */
  private unionMembers(node: SyntaxNode): SyntaxNode[] {
    if (node.name !== 'BinaryExpression' || this.text(node.getChild('BitOp') ?? node) !== '|') return [node];
    return operands(node)
      .filter((part) => part.name !== 'BitOp')
      .flatMap((part) => this.unionMembers(part));
  }

  /** `null` stands for the None that `Optional[X]` implies. */
  private union(members: (SyntaxNode | null)[]): Mapped {
    const mapped = members.map((member) => (member ? this.map(member) : NONE));
    const optional = mapped.some((m) => m.optional);
    const nullable = mapped.some((m) => m.schema.type === 'null' || m.schema.nullable === true);
    const schemas = mapped.map((m) => m.schema).filter((schema) => schema.type !== 'null');
    if (schemas.length === 0) return { schema: { type: 'null' }, optional };
    const schema = mergeUnion(schemas.map(withoutNullable));
    if (nullable && schema.type !== undefined) schema.nullable = true;
    return { schema, optional };
  }

  private literal(args: SyntaxNode[]): Mapped {
    const values = args.map((arg) => literalValue(arg, this.source)).filter((value) => value !== NOT_LITERAL);
    const optional = values.includes(null);
    const present = values.filter((value) => value !== null);
    if (present.length === 0) return NONE;
    let type: JsonSchema['type'];
    if (present.every((value) => typeof value === 'string')) type = 'string';
    else if (present.every((value) => typeof value === 'boolean')) type = 'boolean';
    else if (present.every((value) => Number.isInteger(value))) type = 'integer';
    else if (present.every((value) => typeof value === 'number')) type = 'number';
    const schema: JsonSchema = type ? { type, enum: present } : { enum: present };
    if (optional && type) schema.nullable = true;
    return { schema, optional };
  }

  private forwardReference(node: SyntaxNode): Mapped {
    const text = stringValue(this.text(node));
    if (typeof text !== 'string') return plain({});
    const expression = parser.parse(text).topNode.firstChild?.firstChild;
    if (!expression) return plain({});
    const saved = this.source;
    this.source = text;
    try {
      return this.map(expression);
    } finally {
      this.source = saved;
    }
  }

  private declared(name: string, declaration: SyntaxNode): Mapped {
    if (this.resolving.has(name)) return plain({ type: 'object' });
    // Declarations live in the module, whichever string annotation led here.
    const saved = this.source;
    this.source = this.moduleSource;
    this.resolving.add(name);
    try {
      const node = undecorated(declaration);
      if (node.name === 'ClassDefinition') return plain(this.classSchema(declaration));
      if (node.name === 'CallExpression') {
        // `UserId = NewType('UserId', int)` is an int; other calls (`TypeVar('T')`) say nothing.
        const callee = this.text(node.firstChild ?? node);
        const args = commaGroups(children(node.getChild('ArgList') ?? node));
        return callee.endsWith('NewType') && args[1]?.length === 1 ? this.map(args[1][0]) : plain({});
      }
      return this.map(node);
    } finally {
      this.resolving.delete(name);
      this.source = saved;
    }
  }

  private classSchema(statement: SyntaxNode): JsonSchema {
    const members = this.enumMembers(statement);
    if (members) return enumSchema([...members.values()]);
    // Dataclasses, TypedDicts and pydantic models all list their fields as annotated class attributes.
    const node = undecorated(statement);
    const bases = node.getChild('ArgList');
    const total = !(bases && /\btotal\s*=\s*False\b/.test(this.text(bases)));
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    for (const field of node.getChild('Body')?.getChildren('AssignStatement') ?? []) {
      const [target, typeDef] = children(field);
      if (target?.name !== 'VariableName' || typeDef?.name !== 'TypeDef' || !typeDef.lastChild) continue;
      const fieldName = this.text(target);
      const { schema, optional } = this.map(typeDef.lastChild);
      const hasDefault = field.getChild('AssignOp') !== null;
      const value = hasDefault && field.lastChild ? literalValue(field.lastChild, this.source) : NOT_LITERAL;
      properties[fieldName] = value === NOT_LITERAL ? schema : { ...schema, default: value };
      if (total && !optional && !hasDefault) required.push(fieldName);
    }
    return { type: 'object', properties, ...(required.length > 0 ? { required } : {}) };
  }

  /** An Enum subclass's member values in order (member names where a value is computed, e.g. `auto()`). */
  private enumMembers(statement: SyntaxNode): Map<string, unknown> | undefined {
    const node = undecorated(statement);
    if (node.name !== 'ClassDefinition') return undefined;
    const bases = operands(node.getChild('ArgList') ?? node).map((base) => this.text(base.lastChild ?? base));
    const kind = bases.find((base) => ENUM_BASES.has(base));
    if (!kind) return undefined;
    const members = new Map<string, unknown>();
    for (const assignment of node.getChild('Body')?.getChildren('AssignStatement') ?? []) {
      const [target, operator, value] = children(assignment);
      if (target?.name !== 'VariableName' || operator?.name !== 'AssignOp' || !value) continue;
      const name = this.moduleSource.slice(target.from, target.to);
      if (name.startsWith('_')) continue;
      const literal = literalValue(value, this.moduleSource);
      const usable = typeof literal === 'string' || typeof literal === 'number';
      members.set(name, usable ? literal : kind === 'StrEnum' ? name.toLowerCase() : name);
    }
    return members;
  }

  private text(node: SyntaxNode): string {
    return this.source.slice(node.from, node.to);
  }
}

function withoutNullable(schema: JsonSchema): JsonSchema {
  const copy = { ...schema };
  delete copy.nullable;
  return copy;
}

function enumSchema(values: unknown[]): JsonSchema {
  if (values.every((value) => typeof value === 'string')) return { type: 'string', enum: values };
  if (values.every((value) => Number.isInteger(value))) return { type: 'integer', enum: values };
  return { enum: values };
}
