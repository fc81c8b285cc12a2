import type { Actor } from '../audit/audit-log.js';
import type { GqlCaller, GqlContext } from './gql-auth.js';

/** The caller of a GraphQL operation, for the audit log. */
export const gqlActor = (caller: GqlCaller, context: GqlContext): Actor => ({
  userId: caller.userId,
  username: caller.username,
  from: context.from,
});
