import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { KeysetPosition } from '../pagination/page';
import { sql, SqlTarget } from '../database/sql';
import { AppendOptions, appendEventStatement } from './append-event-sql';
import { ChainedFields, EventContent, GENESIS_HASH, HASH_VERSION } from './audit-chain';
import { AuditEvent } from './entities/audit-event.entity';
import { AuditChainHead } from './entities/audit-chain-head.entity';

export interface AuditEventFilter {
  /** Only this clinic's events; `undefined` for the admin's view. */
  clinicId?: string;
  /** Only events about no client (the admin's view). */
  withoutClient?: boolean;
  clientId?: string;
  actorId?: string;
  from?: Date;
  to?: Date;
}

@Injectable()
export class AuditRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Appends one event in one statement (see {@link appendEventStatement}).
   * `db` is a transaction's manager, or the data source for a statement that
   * commits on its own.
   */
  async appendOne(db: SqlTarget, content: EventContent, options?: AppendOptions): Promise<void> {
    await appendEventStatement(content, options).execute(db);
  }

  /**
   * Locks the chain's head row (creating it on first use) and returns it, so
   * events of one chain are appended one after another.
   */
  async lockHead(em: EntityManager, chain: string): Promise<{ seq: string; hash: string }> {
    return sql`INSERT INTO audit_chain_head (chain, seq, hash) VALUES (${chain}, 0, ${GENESIS_HASH})
               ON CONFLICT (chain) DO UPDATE SET chain = EXCLUDED.chain
               RETURNING seq::text AS seq, hash`.one<{ seq: string; hash: string }>(em);
  }

  /**
   * Inserts events of one chain (already hashed, in order) and moves the
   * chain's head to the last of them, in one statement: the head stays
   * locked until the transaction ends, so every round trip saved here is time
   * the clinic's other writes do not wait.
   */
  async appendMany(em: EntityManager, events: Array<ChainedFields & { hash: string }>): Promise<void> {
    // Written with the current version's hashes (audit-chain.ts).
    if (events.length === 0) return;
    const rows = events.map(
      (event) =>
        sql`(${event.id}, ${event.chain}, ${event.seq}, ${event.occurredAt}, ${event.actorId}, ${event.actorRole}, ${event.clinicId},
             ${event.clientId}, ${event.clientIds}, ${event.action}, ${event.targetType}, ${event.targetId}, ${event.grounds},
             ${JSON.stringify(event.details)}, ${event.requestId}, ${event.prevHash}, ${event.hash}, ${HASH_VERSION})`,
    );
    const last = events[events.length - 1];
    // A data-modifying WITH runs exactly once and to completion, whether or not the UPDATE reads it.
    await sql`WITH appended AS (
                INSERT INTO audit_event (id, chain, seq, occurred_at, actor_id, actor_role, clinic_id, client_id, client_ids, action,
                                         target_type, target_id, grounds, details, request_id, prev_hash, hash, hash_version)
                VALUES ${sql.join(rows)}
              )
              UPDATE audit_chain_head SET seq = ${last.seq}, hash = ${last.hash}, prev_hash = ${last.prevHash} WHERE chain = ${last.chain}`.execute(
      em,
    );
  }

  async findPage(filter: AuditEventFilter, limit: number, after?: KeysetPosition): Promise<AuditEvent[]> {
    const query = this.dataSource.getRepository(AuditEvent).createQueryBuilder('e');
    if (filter.clinicId !== undefined) query.andWhere('e.clinic_id = :clinicId', { clinicId: filter.clinicId });
    if (filter.withoutClient) query.andWhere('e.client_id IS NULL AND e.client_ids IS NULL');
    // About the client, or a list read that showed them (GIN index on client_ids).
    if (filter.clientId) {
      query.andWhere('(e.client_id = :clientId OR e.client_ids @> ARRAY[CAST(:clientId AS uuid)])', { clientId: filter.clientId });
    }
    if (filter.actorId) query.andWhere('e.actor_id = :actorId', { actorId: filter.actorId });
    if (filter.from) query.andWhere('e.occurred_at >= :from', { from: filter.from });
    if (filter.to) query.andWhere('e.occurred_at < :to', { to: filter.to });
    if (after) {
      query.andWhere('(e.occurred_at, e.id) < (:afterKey, :afterId)', { afterKey: new Date(after.key), afterId: after.id });
    }
    return query
      .orderBy('e.occurred_at', 'DESC')
      .addOrderBy('e.id', 'DESC')
      .limit(limit + 1)
      .getMany();
  }

  async chains(clinicId?: string): Promise<AuditChainHead[]> {
    const repository = this.dataSource.getRepository(AuditChainHead);
    return clinicId === undefined ? repository.find({ order: { chain: 'ASC' } }) : repository.find({ where: { chain: clinicId } });
  }

  /** The hash of a chain's event at a sequence number, or null when there is none. */
  async hashAt(chain: string, seq: string): Promise<string | null> {
    const event = await this.dataSource.getRepository(AuditEvent).findOne({ where: { chain, seq }, select: { hash: true } });
    return event?.hash ?? null;
  }

  /** Events of one chain after `afterSeq` up to `uptoSeq`, in order, at most `batch` of them. */
  async chainBatch(chain: string, afterSeq: string, uptoSeq: string, batch: number): Promise<AuditEvent[]> {
    return this.dataSource
      .getRepository(AuditEvent)
      .createQueryBuilder('e')
      .where('e.chain = :chain AND e.seq > :afterSeq AND e.seq <= :uptoSeq', { chain, afterSeq, uptoSeq })
      .orderBy('e.seq', 'ASC')
      .limit(batch)
      .getMany();
  }
}
