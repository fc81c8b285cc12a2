import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../common/json-depth.js';

const tooDeep = () =>
  new GraphQLError(`a JSON value nests objects and lists more than ${MAX_JSON_DEPTH} levels deep: flatten it`, {
    extensions: { code: 'BAD_REQUEST', reason: 'invalid_json' },
  });

/**
 * Any JSON value: script arguments, results, schemas, flow documents. Values from variables and
 * literals may nest MAX_JSON_DEPTH deep at most, as request bodies (a GraphQLError, which
 * GraphQL reports as is, without echoing the value).
 */
export const JSONScalar = new GraphQLScalarType({
  name: 'JSON',
  description: `Any JSON value (object, array, string, number, boolean or null), nested at most ${MAX_JSON_DEPTH} deep.`,
  serialize: (value) => value,
  parseValue: shallowEnough,
  // Checked again as a whole: a variable inside a literal adds its own depth.
  parseLiteral: (ast, variables) => shallowEnough(fromLiteral(ast, variables ?? undefined, 0)),
});

function shallowEnough(value: unknown): unknown {
  if (nestsDeeperThan(value, MAX_JSON_DEPTH)) throw tooDeep();
  return value;
}

/** Recursive, but stops at the depth limit: a deep literal never reaches deep recursion here. */
function fromLiteral(ast: ValueNode, variables: Record<string, unknown> | undefined, depth: number): unknown {
  switch (ast.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return ast.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(ast.value);
    case Kind.NULL:
      return null;
    case Kind.ENUM:
      return ast.value;
    case Kind.LIST:
      if (depth >= MAX_JSON_DEPTH) throw tooDeep();
      return ast.values.map((v) => fromLiteral(v, variables, depth + 1));
    case Kind.OBJECT:
      if (depth >= MAX_JSON_DEPTH) throw tooDeep();
      return Object.fromEntries(ast.fields.map((f) => [f.name.value, fromLiteral(f.value, variables, depth + 1)]));
    case Kind.VARIABLE:
      return variables?.[ast.name.value];
  }
}
