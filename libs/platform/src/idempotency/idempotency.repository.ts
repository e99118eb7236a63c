import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { IdempotencyRecord } from './entities/idempotency-record.entity';

/** Keys are remembered for a day; after that a key may be used afresh. */
const RETENTION = '24 hours';

export type Claim = { claimed: true; id: string } | { claimed: false; record: IdempotencyRecord };

@Injectable()
export class IdempotencyRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Claims the key for this request, or returns the record of whoever has it. */
  async claim(staffId: string, key: string, requestHash: string): Promise<Claim> {
    const rows = await this.dataSource.query<Array<{ id: string }>>(
      `INSERT INTO idempotency_record (staff_id, key, request_hash) VALUES ($1, $2, $3)
       ON CONFLICT (staff_id, key) DO UPDATE
         SET request_hash = EXCLUDED.request_hash, status_code = NULL, response_body = NULL, created_at = now()
         WHERE idempotency_record.created_at < now() - interval '${RETENTION}'
       RETURNING id`,
      [staffId, key, requestHash],
    );
    if (rows.length > 0) return { claimed: true, id: rows[0].id };
    const record = await this.dataSource.getRepository(IdempotencyRecord).findOneByOrFail({ staffId, key });
    return { claimed: false, record };
  }

  async complete(id: string, statusCode: number, responseBody: unknown): Promise<void> {
    await this.dataSource.getRepository(IdempotencyRecord).update({ id }, { statusCode, responseBody: responseBody as object });
  }

  async release(id: string): Promise<void> {
    await this.dataSource.getRepository(IdempotencyRecord).delete({ id });
  }
}
