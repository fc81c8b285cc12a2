import { Inject, Injectable } from '@nestjs/common';
import { rateLimited } from '../common/errors.js';
import { RateLimiter } from '../common/rate-limiter.js';
import { SERVER_CONFIG, type LoginLimits, type ServerConfig } from '../common/config.js';

/** Addresses and accounts remembered at most; an attacker spraying names cannot fill memory. */
const MAX_KEYS = 100_000;

/**
 * Counts failed logins per account and per client address in this replica's memory (a token
 * bucket each: the allowance, then one more attempt every window/allowance). An attempt takes its
 * tokens before the password is checked, so parallel guesses count too; one refused with 429 is not
 * checked and counts for nothing else. A good password gives the address its token back and
 * refills the account's bucket.
 */
@Injectable()
export class LoginThrottle {
  private readonly limiter = new RateLimiter(MAX_KEYS);
  private readonly limits: LoginLimits;

  constructor(@Inject(SERVER_CONFIG) config: ServerConfig) {
    this.limits = config.loginLimits;
  }

  /** Counts an attempt; throws 429 with the seconds to wait when the account or address is out of them. */
  attempt(account: string, ip: string): void {
    const forAccount = this.take(`account\n${account}`, this.limits.perAccount);
    if (forAccount) throw rateLimited(`too many failed logins for this account; retry in ${forAccount} s`, forAccount);
    const forIp = this.take(`ip\n${ip}`, this.limits.perIp);
    if (forIp) {
      // Refused unchecked: this attempt guessed nothing, so it does not count for the account.
      this.limiter.giveBack(`account\n${account}`);
      throw rateLimited(`too many failed logins from this address; retry in ${forIp} s`, forIp);
    }
  }

  succeeded(account: string, ip: string): void {
    this.limiter.forget(`account\n${account}`);
    this.limiter.giveBack(`ip\n${ip}`);
  }

  private take(key: string, count: number): number {
    return count && this.limits.windowS ? this.limiter.take(key, count, Date.now(), this.limits.windowS * 1000) : 0;
  }
}
