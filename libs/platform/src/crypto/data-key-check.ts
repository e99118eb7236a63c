import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { rmSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { AppConfig, ConfigError } from '../config/app-config';
import { FieldCipher } from './field-cipher';
import { KeyRotation } from './key-rotation';
import { sql } from '../database/sql';

/** What the key check seals; any configured key that opens it to this is the data's key. */
const MARKER = 'tongban data key check';

/**
 * Makes a wrong or lost data key loud: the database keeps one value sealed
 * with the data key (`data_key_check`), and every process (API, worker,
 * command line) opens it when it starts, before it reads or writes anything
 * sealed. When the configured keys cannot open it, the process refuses to
 * start with one line naming DATA_ENCRYPTION_KEY, instead of answering 500s,
 * finding nothing and sealing new data under a key nobody keeps. A key
 * generated into DATA_DIR by this very start is not kept when the database
 * already holds data. Key rotation (`npm run keys:rotate`) re-seals the
 * check with everything else, so it opens under the current key exactly when
 * the data does.
 */
@Injectable()
export class DataKeyCheckOnStart implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cipher: FieldCipher,
    private readonly config: AppConfig,
    keyRotation: KeyRotation,
  ) {
    keyRotation.register({ table: 'data_key_check', columns: ['sealed'] });
  }

  async onModuleInit(): Promise<void> {
    let sealed = await this.stored();
    if (sealed === null) {
      if (this.config.generatedSecretsFile && (await this.holdsData())) {
        this.refuse('is not set and this database already holds data; start with the key its data was written with');
      }
      await sql`INSERT INTO data_key_check (name, sealed) VALUES ('data_key', ${this.cipher.seal(MARKER)}) ON CONFLICT (name) DO NOTHING`.execute(
        this.dataSource,
      );
      sealed = (await this.stored())!;
    }
    if (!this.opens(sealed)) {
      if (this.config.generatedSecretsFile) {
        this.refuse('is not set and this database already holds data; start with the key its data was written with');
      }
      this.refuse(
        `does not open the data in this database (its key check is sealed with key id "${this.cipher.keyIdOf(sealed)}"); ` +
          'start with the key the data was written with',
      );
    }
  }

  private async stored(): Promise<string | null> {
    const row = await sql`SELECT sealed FROM data_key_check WHERE name = 'data_key'`.maybeOne<{ sealed: string }>(this.dataSource);
    return row?.sealed ?? null;
  }

  /** Whether an earlier start wrote anything: every start that creates data writes audit events. */
  private async holdsData(): Promise<boolean> {
    return (await sql`SELECT EXISTS (SELECT 1 FROM audit_event) AS found`.one<{ found: boolean }>(this.dataSource)).found;
  }

  private opens(sealed: string): boolean {
    try {
      return this.cipher.open(sealed) === MARKER;
    } catch {
      return false;
    }
  }

  private refuse(why: string): never {
    // A key made up by this start would only seal new data nobody can read with the real key: do not keep it.
    if (this.config.generatedSecretsFile) rmSync(this.config.generatedSecretsFile, { force: true });
    throw new ConfigError(`Invalid configuration: DATA_ENCRYPTION_KEY ${why}`);
  }
}
