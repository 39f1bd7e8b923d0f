import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';

/** argon2id with the OWASP minimum: 19 MiB of memory, 2 iterations, parallelism 1. */
const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19 * 1024, timeCost: 2, parallelism: 1 } as const;

@Injectable()
export class PasswordHasher {
  /** A hash of a random password, verified against when the e-mail is unknown so both paths cost the same. */
  private decoyHash?: Promise<string>;

  hash(password: string): Promise<string> {
    return argon2.hash(password, ARGON2_OPTIONS);
  }

  async verify(hash: string | null, password: string): Promise<boolean> {
    this.decoyHash ??= argon2.hash(`decoy-${Math.random()}`, ARGON2_OPTIONS);
    const target = hash ?? (await this.decoyHash);
    const matches = await argon2.verify(target, password);

    return hash !== null && matches;
  }
}
