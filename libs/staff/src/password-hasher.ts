import { Injectable } from '@nestjs/common';
import { AppConfig } from '@tongban/platform';
import * as argon2 from 'argon2';

/** OWASP's argon2id parameters: 19 MiB of memory, 2 iterations, parallelism 1. */
const STANDARD_HASH_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
/** The least argon2 allows, for test suites only (`TONGBAN_PASSWORD_HASH_COST=minimal`, refused outside NODE_ENV=test). */
const MINIMAL_HASH_OPTIONS = { type: argon2.argon2id, memoryCost: 1024, timeCost: 1, parallelism: 1 } as const;

@Injectable()
export class PasswordHasher {
  private readonly options: typeof STANDARD_HASH_OPTIONS | typeof MINIMAL_HASH_OPTIONS;
  /** Verified against unknown usernames, so they take as long as known ones. */
  private readonly decoy: Promise<string>;

  constructor(config: AppConfig) {
    this.options = config.passwordHashCost === 'minimal' ? MINIMAL_HASH_OPTIONS : STANDARD_HASH_OPTIONS;
    this.decoy = argon2.hash('tongban-decoy-password', this.options);
  }

  hash(password: string): Promise<string> {
    return argon2.hash(password, this.options);
  }

  async verify(hash: string | undefined, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash ?? (await this.decoy), password);
    } catch {
      return false;
    }
  }
}
