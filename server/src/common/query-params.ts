import { badRequest } from './errors.js';

/**
 * A query parameter meant once. Fastify hands a repeated one (`?a=1&a=2`) over as an array,
 * which code reading a string would trip on: say what to fix instead.
 */
export function singleQuery(value: string | string[] | undefined, name: string): string | undefined {
  if (Array.isArray(value)) throw badRequest(`${name} is given ${value.length} times in the query: give it once`);
  return value;
}
