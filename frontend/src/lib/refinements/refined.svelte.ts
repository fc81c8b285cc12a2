import type { JsonSchema } from '$lib/forms';
import { applySchemaOverrides, checkSchemaOverrides, type OverrideProblem } from '@runnel/runtimes/schema-overrides';
import { refinementsToKeep, type SchemaOverrides } from './refinements';

type Inferred = Parameters<typeof applySchemaOverrides>[0];

/**
 * The editor's form: the schema inferred from the code with the person's refinements laid on, by
 * the function the server uses at deploy, and what is wrong with them. Recomputed on each change of
 * either, which is cheap: a form has a handful of fields.
 */
export class Refined {
  constructor(
    private readonly inferred: () => JsonSchema | null,
    private readonly overrides: () => SchemaOverrides,
  ) {}

  // A snapshot: the draft's proxies cannot be structured-cloned, and applySchemaOverrides clones.
  readonly #plain = $derived.by(() => {
    const inferred = this.inferred();
    if (!inferred) return null;
    return { inferred: inferred as Inferred, overrides: $state.snapshot(this.overrides()) as SchemaOverrides };
  });

  readonly schema: (JsonSchema & { order: string[] }) | null = $derived.by(() =>
    this.#plain
      ? (applySchemaOverrides(this.#plain.inferred, this.#plain.overrides) as JsonSchema & { order: string[] })
      : null,
  );

  readonly problems: OverrideProblem[] = $derived.by(() =>
    this.#plain ? checkSchemaOverrides(this.#plain.inferred, this.#plain.overrides) : [],
  );

  /** The parameters in the order the form shows them. */
  get shown(): string[] {
    return this.schema?.order ?? [];
  }

  problemsOf(field: string): OverrideProblem[] {
    return this.problems.filter((p) => p.field === field);
  }

  problemFields(): string {
    return [...new Set(this.problems.map((p) => p.field))].join(', ');
  }

  /** `schema_overrides` for a deploy or a test: only those of the parameters the code has now. */
  schemaOverrides(): { schema_overrides?: SchemaOverrides } {
    const kept = refinementsToKeep($state.snapshot(this.overrides()) as SchemaOverrides, this.shown);
    return kept ? { schema_overrides: kept } : {};
  }
}
