import { Kind, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';
import { badRequest } from '../common/errors.js';
import type { GraphQLLimits } from '../common/config.js';

/** The measures of a selection set; a fragment's are worked out once and added at each spread. */
interface Size {
  depth: number;
  aliases: number;
  cost: number;
}

const LIMITS = [
  { key: 'depth', max: 'maxDepth', env: 'RUNNEL_GRAPHQL_MAX_DEPTH', what: 'levels deep', fix: 'nest fewer fields' },
  {
    key: 'aliases',
    max: 'maxAliases',
    env: 'RUNNEL_GRAPHQL_MAX_ALIASES',
    what: 'aliases',
    fix: 'split the aliased fields over several requests',
  },
  {
    key: 'cost',
    max: 'maxCost',
    env: 'RUNNEL_GRAPHQL_MAX_COST',
    what: 'fields (fragments expanded)',
    fix: 'ask for fewer fields, or split the request',
  },
] as const;

/**
 * Mercurius hooks (preValidation, preSubscriptionExecution) that refuse an operation over the
 * limits with a 400 before GraphQL validates it or any resolver runs: GraphQL's own validation is
 * quadratic in repeated fields, and each alias of a mutation is one more run. Mercurius's
 * `queryDepth` option checks depth only, and only after validation.
 */
export function limitsHook(limits: GraphQLLimits) {
  return async (_schema: unknown, document: DocumentNode): Promise<void> => checkLimits(document, limits);
}

export function checkLimits(document: DocumentNode, limits: GraphQLLimits): void {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const sizes = new Map<string, Size>();
  const visiting = new Set<string>();

  const measure = (set: SelectionSetNode | undefined): Size => {
    const size: Size = { depth: 0, aliases: 0, cost: 0 };
    for (const s of set?.selections ?? []) {
      let inner: Size;
      if (s.kind === Kind.FIELD) {
        const sub = measure(s.selectionSet);
        inner = { depth: sub.depth + 1, aliases: sub.aliases + (s.alias ? 1 : 0), cost: sub.cost + 1 };
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        inner = measure(s.selectionSet);
      } else {
        inner = fragmentSize(s.name.value);
      }
      size.depth = Math.max(size.depth, inner.depth);
      size.aliases += inner.aliases;
      size.cost += inner.cost;
    }
    return size;
  };
  const fragmentSize = (name: string): Size => {
    const known = sizes.get(name);
    if (known) return known;
    // A cycle or an unknown fragment: GraphQL's validation, which runs next, says which.
    if (visiting.has(name) || !fragments.has(name)) return { depth: 0, aliases: 0, cost: 0 };
    visiting.add(name);
    const size = measure(fragments.get(name)!.selectionSet);
    visiting.delete(name);
    sizes.set(name, size);
    return size;
  };

  for (const d of document.definitions) {
    if (d.kind !== Kind.OPERATION_DEFINITION) continue;
    const size = measure(d.selectionSet);
    for (const limit of LIMITS) {
      const found = size[limit.key];
      const max = limits[limit.max];
      if (found <= max) continue;
      const name = d.name ? `operation "${d.name.value}"` : 'the operation';
      throw badRequest(`${name} is too big: ${found} ${limit.what}, the limit is ${max} (${limit.env}); ${limit.fix}`, {
        limit: limit.key,
        found,
        max,
      });
    }
  }
}
