import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { KeyRotation } from '../crypto/key-rotation';
import { IdempotencyRecord } from './entities/idempotency-record.entity';

/** Keys are remembered for a day; then the record is deleted and the key may be used afresh. */
const RETENTION = '24 hours';

export type Claim = { claimed: true; id: string } | { claimed: false; record: IdempotencyRecord };

@Injectable()
export class IdempotencyRepository implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly keyRotation: KeyRotation,
  ) {}

  onModuleInit(): void {
    this.keyRotation.register({ table: 'idempotency_record', columns: ['response_body'] });
  }

  /** Claims the key for this request, or returns the record of whoever has it. */
  async claim(staffId: string, key: string, requestHash: string): Promise<Claim> {
    await this.dataSource.query(`DELETE FROM idempotency_record WHERE staff_id = $1 AND created_at < now() - interval '${RETENTION}'`, [
      staffId,
    ]);
    const rows = await this.dataSource.query<Array<{ id: string }>>(
      `INSERT INTO idempotency_record (staff_id, key, request_hash) VALUES ($1, $2, $3)
       ON CONFLICT (staff_id, key) DO NOTHING
       RETURNING id`,
      [staffId, key, requestHash],
    );
    if (rows.length > 0) return { claimed: true, id: rows[0].id };
    const record = await this.dataSource.getRepository(IdempotencyRecord).findOneByOrFail({ staffId, key });
    return { claimed: false, record };
  }

  async complete(id: string, statusCode: number, sealedResponse: string): Promise<void> {
    await this.dataSource.getRepository(IdempotencyRecord).update({ id }, { statusCode, responseBody: sealedResponse });
  }

  async release(id: string): Promise<void> {
    await this.dataSource.getRepository(IdempotencyRecord).delete({ id });
  }
}
