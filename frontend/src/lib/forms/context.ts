import { getContext, setContext } from 'svelte';
import type { PlacedError } from './values.js';

/** What every field needs from its form, without passing it down each level. */
export interface FormContext {
  /** A DOM id for a field path, unique on the page. */
  idFor(path: string): string;
  /** The messages to show at a field now. */
  errorsFor(path: string): readonly PlacedError[];
  readonly disabled: boolean;
}

/** What a control needs to be labelled, described and marked as required or invalid. */
export interface ControlAttrs {
  id: string;
  'aria-describedby': string | undefined;
  'aria-invalid': boolean;
  'aria-required': boolean;
  disabled: boolean;
}

const KEY = Symbol('schema-form');

export function setFormContext(context: FormContext): void {
  setContext(KEY, context);
}

export function formContext(): FormContext {
  return getContext<FormContext>(KEY);
}
