import ts from 'typescript';
import type { JsonSchema } from '../types.js';
import { literalValue, propertyKey } from './literal.js';
import { mergeUnion } from '../schema.js';

/** A type's schema, plus whether the type admits `undefined`/`null` (which makes a parameter optional). */
export interface Converted {
  schema: JsonSchema;
  optional: boolean;
}

type Declaration = ts.TypeAliasDeclaration | ts.InterfaceDeclaration | ts.EnumDeclaration;

const plain = (schema: JsonSchema): Converted => ({ schema, optional: false });

/** `PostgresqlDb` → `postgresql_db`, `HTTPServer` → `http_server`: resource type names are snake_case. */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}

export const resourceSchema = (name: string): JsonSchema => ({ type: 'object', format: `resource-${snakeCase(name)}` });

/**
 * Maps TypeScript type syntax to JSON Schema without a type checker: names resolve only to
 * aliases, interfaces and enums declared at the top of the same file; any other unknown name
 * is taken to be a resource type, which is how scripts ask for a connection or credential.
 */
export class TypeMapper {
  private readonly declarations = new Map<string, Declaration[]>();
  /** Names being expanded right now; a recursive type cannot be inlined into a finite schema. */
  private readonly resolving = new Set<string>();
  /** Generic parameters in scope (`type Box<T> = …`): their type is only known at a use site. */
  private readonly typeParameters: string[] = [];

  constructor(sourceFile: ts.SourceFile) {
    for (const statement of sourceFile.statements) {
      if (
        ts.isTypeAliasDeclaration(statement) ||
        ts.isInterfaceDeclaration(statement) ||
        ts.isEnumDeclaration(statement)
      ) {
        const name = statement.name.text;
        this.declarations.set(name, [...(this.declarations.get(name) ?? []), statement]);
      }
    }
  }

  convert(node: ts.TypeNode): Converted {
    switch (node.kind) {
      case ts.SyntaxKind.StringKeyword:
        return plain({ type: 'string' });
      case ts.SyntaxKind.NumberKeyword:
        return plain({ type: 'number' });
      case ts.SyntaxKind.BigIntKeyword:
        return plain({ type: 'integer' });
      case ts.SyntaxKind.BooleanKeyword:
        return plain({ type: 'boolean' });
      case ts.SyntaxKind.ObjectKeyword:
        return plain({ type: 'object' });
      case ts.SyntaxKind.UndefinedKeyword:
      case ts.SyntaxKind.VoidKeyword:
        return { schema: {}, optional: true };
      case ts.SyntaxKind.TemplateLiteralType:
        return plain({ type: 'string' });
    }
    if (ts.isParenthesizedTypeNode(node)) return this.convert(node.type);
    if (ts.isLiteralTypeNode(node)) return this.literal(node);
    if (ts.isUnionTypeNode(node)) return this.union(node.types);
    if (ts.isArrayTypeNode(node)) return plain({ type: 'array', items: this.convert(node.elementType).schema });
    if (ts.isTupleTypeNode(node)) return plain(this.tuple(node));
    if (ts.isTypeLiteralNode(node)) return plain(this.object(node.members));
    if (ts.isIntersectionTypeNode(node)) return plain(this.intersection(node.types));
    if (ts.isTypeReferenceNode(node)) return this.reference(node);
    if (ts.isTypeOperatorNode(node)) {
      if (node.operator !== ts.SyntaxKind.KeyOfKeyword) return this.convert(node.type);
      const keys = Object.keys(this.convert(node.type).schema.properties ?? {});
      return plain(keys.length > 0 ? { type: 'string', enum: keys } : { type: 'string' });
    }
    // Functions, conditional and mapped types and the like have no JSON form worth guessing.
    return plain({});
  }

  private literal(node: ts.LiteralTypeNode): Converted {
    if (node.literal.kind === ts.SyntaxKind.NullKeyword) return { schema: { type: 'null' }, optional: true };
    const value = literalValue(node.literal);
    if (typeof value === 'string') return plain({ type: 'string', enum: [value] });
    if (typeof value === 'number') return plain({ type: 'number', enum: [value] });
    if (typeof value === 'boolean') return plain({ type: 'boolean', enum: [value] });
    return plain({});
  }

  private union(types: readonly ts.TypeNode[]): Converted {
    let optional = false;
    let nullable = false;
    const schemas: JsonSchema[] = [];
    for (const member of types) {
      const { schema, optional: memberOptional } = this.convert(member);
      optional ||= memberOptional;
      if (schema.type === 'null' || (memberOptional && Object.keys(schema).length === 0)) {
        nullable ||= schema.type === 'null';
        continue;
      }
      nullable ||= schema.nullable === true;
      schemas.push(omit(schema, 'nullable'));
    }
    if (schemas.length === 0) return { schema: nullable ? { type: 'null' } : {}, optional };
    const schema = mergeUnion(schemas);
    if (nullable && schema.type !== undefined) schema.nullable = true;
    return { schema, optional };
  }

  private tuple(node: ts.TupleTypeNode): JsonSchema {
    const items = node.elements.map((element) => {
      let inner: ts.TypeNode = element;
      if (ts.isNamedTupleMember(inner)) inner = inner.type;
      if (ts.isOptionalTypeNode(inner) || ts.isRestTypeNode(inner)) inner = inner.type;
      if (ts.isArrayTypeNode(inner) && ts.isRestTypeNode(element)) inner = inner.elementType;
      return this.convert(inner).schema;
    });
    const first = JSON.stringify(items[0]);
    const same = items.length > 0 && items.every((item) => JSON.stringify(item) === first);
    return same ? { type: 'array', items: items[0] } : { type: 'array' };
  }

  private object(members: readonly ts.TypeElement[]): JsonSchema & { properties: Record<string, JsonSchema> } {
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    let additionalProperties: JsonSchema | boolean | undefined;
    for (const member of members) {
      if (ts.isIndexSignatureDeclaration(member)) {
        const value = this.convert(member.type).schema;
        additionalProperties = Object.keys(value).length > 0 ? value : true;
        continue;
      }
      if (!ts.isPropertySignature(member)) continue;
      const key = propertyKey(member.name);
      if (key === undefined) continue;
      const converted = member.type ? this.convert(member.type) : plain({});
      const description = jsDocText(member);
      properties[key] = description ? { ...converted.schema, description } : converted.schema;
      if (!member.questionToken && !converted.optional) required.push(key);
    }
    return {
      type: 'object',
      properties,
      ...(required.length > 0 ? { required } : {}),
      ...(additionalProperties !== undefined ? { additionalProperties } : {}),
    };
  }

  private intersection(types: readonly ts.TypeNode[]): JsonSchema {
    const parts = types.map((type) => this.convert(type).schema);
    if (!parts.every((part) => part.type === 'object')) return {};
    const properties = Object.assign({}, ...parts.map((part) => part.properties ?? {})) as Record<string, JsonSchema>;
    const required = [...new Set(parts.flatMap((part) => part.required ?? []))];
    return { type: 'object', properties, ...(required.length > 0 ? { required } : {}) };
  }

  private reference(node: ts.TypeReferenceNode): Converted {
    const name = ts.isIdentifier(node.typeName) ? node.typeName.text : node.typeName.right.text;
    const args = node.typeArguments ?? [];
    const arg = (index: number): Converted => (args[index] ? this.convert(args[index]) : plain({}));
    if (ts.isIdentifier(node.typeName)) {
      if (this.typeParameters.includes(name)) return plain({});
      const declarations = this.declarations.get(name);
      if (declarations) return this.declared(name, declarations);
    }
    switch (name) {
      case 'Date':
        return plain({ type: 'string', format: 'date-time' });
      case 'Uint8Array':
      case 'Buffer':
      case 'ArrayBuffer':
      case 'Base64':
        return plain({ type: 'string', contentEncoding: 'base64' });
      // Windmill's marker types (`type Email = string`): strings the form shows in a fitting widget.
      case 'Email':
        return plain({ type: 'string', format: 'email' });
      case 'Sql':
        return plain({ type: 'string', format: 'sql' });
      case 'Array':
      case 'ReadonlyArray':
      case 'Set':
      case 'ReadonlySet':
        return plain({ type: 'array', items: arg(0).schema });
      case 'Record':
      case 'Map':
        return plain(this.record(arg(0).schema, arg(1).schema));
      case 'Partial':
        return plain(omit(arg(0).schema, 'required'));
      case 'Required':
        return plain(requireAll(arg(0).schema));
      case 'NonNullable':
        return plain(omit(arg(0).schema, 'nullable'));
      case 'Readonly':
      case 'Promise':
      case 'Awaited':
        return arg(0);
      case 'String':
        return plain({ type: 'string' });
      case 'Number':
        return plain({ type: 'number' });
      case 'Boolean':
        return plain({ type: 'boolean' });
      case 'Object':
        return plain({ type: 'object' });
      case 'Resource': {
        // Windmill-style `Resource<'postgresql'>` names the resource type explicitly.
        const kind = arg(0).schema.enum?.[0];
        return plain(typeof kind === 'string' ? { type: 'object', format: `resource-${kind}` } : { type: 'object' });
      }
    }
    return plain(resourceSchema(name));
  }

  private record(key: JsonSchema, value: JsonSchema): JsonSchema {
    const hasValue = Object.keys(value).length > 0;
    // `Record<'a' | 'b', T>` has exactly those keys; a `string` key means any key.
    if (key.type === 'string' && key.enum) {
      const keys = key.enum.filter((k): k is string => typeof k === 'string');
      return { type: 'object', properties: Object.fromEntries(keys.map((k) => [k, value])), required: keys };
    }
    return hasValue ? { type: 'object', additionalProperties: value } : { type: 'object' };
  }

  private declared(name: string, declarations: Declaration[]): Converted {
    if (this.resolving.has(name)) return plain({ type: 'object' });
    this.resolving.add(name);
    try {
      const [first] = declarations;
      if (ts.isTypeAliasDeclaration(first)) {
        const parameters = first.typeParameters?.map((parameter) => parameter.name.text) ?? [];
        this.typeParameters.push(...parameters);
        try {
          return this.convert(first.type);
        } finally {
          this.typeParameters.splice(this.typeParameters.length - parameters.length, parameters.length);
        }
      }
      if (ts.isEnumDeclaration(first)) return plain(enumSchema(first));
      return plain(this.interfaceSchema(declarations.filter(ts.isInterfaceDeclaration)));
    } finally {
      this.resolving.delete(name);
    }
  }

  private interfaceSchema(declarations: ts.InterfaceDeclaration[]): JsonSchema {
    // Declaration merging and `extends` both contribute members; bases go first like TS lays them out.
    const parts: JsonSchema[] = [];
    for (const declaration of declarations) {
      for (const clause of declaration.heritageClauses ?? []) {
        for (const base of clause.types) {
          if (!ts.isIdentifier(base.expression)) continue;
          const declared = this.declarations.get(base.expression.text);
          if (declared) parts.push(this.declared(base.expression.text, declared).schema);
        }
      }
    }
    parts.push(this.object(declarations.flatMap((declaration) => [...declaration.members])));
    const objects = parts.filter((part) => part.type === 'object');
    const properties = Object.assign({}, ...objects.map((part) => part.properties ?? {})) as Record<string, JsonSchema>;
    const required = [...new Set(objects.flatMap((part) => part.required ?? []))];
    return { type: 'object', properties, ...(required.length > 0 ? { required } : {}) };
  }
}

function enumSchema(declaration: ts.EnumDeclaration): JsonSchema {
  const values: (string | number)[] = [];
  let next = 0;
  for (const member of declaration.members) {
    const value = member.initializer ? literalValue(member.initializer) : next;
    if (typeof value === 'number') next = value + 1;
    // A computed member (`A = f()`) is only known at run time; its name is the best the form can offer.
    values.push(typeof value === 'string' || typeof value === 'number' ? value : (propertyKey(member.name) ?? ''));
  }
  if (values.every((value) => typeof value === 'string')) return { type: 'string', enum: values };
  if (values.every((value) => typeof value === 'number')) return { type: 'number', enum: values };
  return { enum: values };
}

function omit(schema: JsonSchema, key: keyof JsonSchema): JsonSchema {
  const copy = { ...schema };
  delete copy[key];
  return copy;
}

function requireAll(schema: JsonSchema): JsonSchema {
  return schema.properties ? { ...schema, required: Object.keys(schema.properties) } : schema;
}

/** The free text of a node's JSDoc comment, used as a field description in the form. */
export function jsDocText(node: ts.Node): string | undefined {
  const texts = ts
    .getJSDocCommentsAndTags(node)
    .filter(ts.isJSDoc)
    .map((doc) => ts.getTextOfJSDocComment(doc.comment)?.trim())
    .filter((text): text is string => !!text);
  return texts.length > 0 ? texts.join('\n') : undefined;
}
