import type { AuthedRequest } from '../auth/auth.guard.js';
import type { Actor } from './audit-log.js';

/** The caller of a REST request, for the audit log. */
export const actorOf = (req: AuthedRequest): Actor => ({
  userId: req.caller!.userId,
  username: req.caller!.username,
  from: req.ip,
});
