import { Inject, Injectable } from '@nestjs/common';
import { argon2Verify } from 'hash-wasm';
import { DataSource } from 'typeorm';
import { withAudit } from '../audit/audit-log.js';
import { badRequest, forbidden } from '../common/errors.js';
import { hashPassword } from './auth.service.js';
import { LoginThrottle } from './login-throttle.js';
import type { Caller } from './roles.js';

/** The shortest password accepted; the bootstrap password is the operator's to choose. */
export const MIN_PASSWORD_LENGTH = 8;

export interface NewPassword {
  password: string;
  current_password?: string;
}

/** A user changing their own password (`POST /api/users/setpassword`). */
@Injectable()
export class PasswordService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(LoginThrottle) private readonly throttle: LoginThrottle,
  ) {}

  /**
   * Sets the caller's password after checking the current one. Wrong guesses count against the
   * login throttle like failed logins, so a stolen session cannot guess its way to the password.
   * An account without a password (a bootstrap-token admin) sets its first one without. Audited at
   * the instance level as `users.set_password` (never the password).
   */
  async change(caller: Caller, input: NewPassword, ip: string): Promise<void> {
    // A password unlocks everything the user may do: a token limited to less must not mint one.
    if (caller.tokenWorkspace || caller.scopes?.length) {
      throw forbidden('this token is limited to a workspace or to running some paths; it cannot change the password');
    }
    if (input.password.length < MIN_PASSWORD_LENGTH) {
      throw badRequest(`password: the new password needs at least ${MIN_PASSWORD_LENGTH} characters`);
    }
    const rows: { password_hash: string | null }[] = await this.db.query(
      'SELECT password_hash FROM app_user WHERE id = $1',
      [caller.userId],
    );
    const hash = rows[0]?.password_hash;
    if (hash) {
      if (!input.current_password) throw badRequest('current_password: give your current password');
      this.throttle.attempt(caller.userId, ip);
      if (!(await argon2Verify({ password: input.current_password, hash }))) {
        throw forbidden('the current password is wrong');
      }
      this.throttle.succeeded(caller.userId, ip);
    }
    const hashed = await hashPassword(input.password);
    const actor = { userId: caller.userId, username: caller.username, from: ip };
    await withAudit(this.db, { workspace: null, actor, action: 'users.set_password', path: caller.username }, (tx) =>
      tx.query('UPDATE app_user SET password_hash = $1 WHERE id = $2', [hashed, caller.userId]),
    );
  }
}
