import { Global, Injectable, Module } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Caller, CLIENT_CODES, ClientCodes } from '@tongban/platform';
import { DataSource } from 'typeorm';
import { ClientAccessPolicy, ConsentModule } from './access';

/**
 * The codes of the clients among some ids that a caller may see, through the
 * one access policy (filtered in SQL): the audit trail shows a code instead
 * of an id where its reader may see the client, and nothing where not.
 */
@Injectable()
export class VisibleClientCodes implements ClientCodes {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policy: ClientAccessPolicy,
  ) {}

  async visibleCodes(caller: Caller, clientIds: readonly string[]): Promise<Map<string, string>> {
    if (clientIds.length === 0) return new Map();
    const visibility = await this.policy.visibility(caller, 'c');
    const rows = await this.dataSource
      .createQueryBuilder()
      .select('c.id', 'id')
      .addSelect('c.code', 'code')
      .from('client', 'c')
      .where('c.id IN (:...codeIds)', { codeIds: [...clientIds] })
      .andWhere(visibility.where, visibility.params)
      .getRawMany<{ id: string; code: string }>();
    return new Map(rows.map((row) => [row.id, row.code]));
  }
}

/** Provides {@link CLIENT_CODES} to the whole application (the audit trail's routes live in libs/platform). */
@Global()
@Module({
  imports: [ConsentModule],
  providers: [VisibleClientCodes, { provide: CLIENT_CODES, useExisting: VisibleClientCodes }],
  exports: [CLIENT_CODES],
})
export class ClientCodesModule {}
