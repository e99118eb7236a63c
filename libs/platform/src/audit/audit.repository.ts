import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { KeysetPosition } from '../pagination/page';
import { Queryable } from '../database/prepared-statements';
import { appendEventStatement, SqlStatement } from './append-event-sql';
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
   * Appends one event in one statement, with `change` when given (see
   * {@link appendEventStatement}). `db` is a transaction's manager, or the
   * data source for a statement that commits on its own.
   */
  async appendOne(db: Queryable, content: EventContent, change?: SqlStatement): Promise<void> {
    const statement = appendEventStatement(content, change);
    await db.query(statement.sql, statement.params);
  }

  /**
   * Locks the chain's head row (creating it on first use) and returns it, so
   * events of one chain are appended one after another.
   */
  async lockHead(em: EntityManager, chain: string): Promise<{ seq: string; hash: string }> {
    const rows = await em.query<Array<{ seq: string; hash: string }>>(
      `INSERT INTO audit_chain_head (chain, seq, hash) VALUES ($1, 0, $2)
       ON CONFLICT (chain) DO UPDATE SET chain = EXCLUDED.chain
       RETURNING seq::text AS seq, hash`,
      [chain, GENESIS_HASH],
    );
    return rows[0];
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
    const params: unknown[] = [];
    const rows = events.map((event) => {
      const values = [
        event.id,
        event.chain,
        event.seq,
        event.occurredAt,
        event.actorId,
        event.actorRole,
        event.clinicId,
        event.clientId,
        event.clientIds,
        event.action,
        event.targetType,
        event.targetId,
        event.grounds,
        JSON.stringify(event.details),
        event.requestId,
        event.prevHash,
        event.hash,
        HASH_VERSION,
      ];
      const placeholders = values.map((value) => `$${params.push(value)}`);
      return `(${placeholders.join(', ')})`;
    });
    const last = events[events.length - 1];
    const head = [last.chain, last.seq, last.hash, last.prevHash].map((value) => `$${params.push(value)}`);
    // A data-modifying WITH runs exactly once and to completion, whether or not the UPDATE reads it.
    await em.query(
      `WITH appended AS (
         INSERT INTO audit_event (id, chain, seq, occurred_at, actor_id, actor_role, clinic_id, client_id, client_ids, action,
                                  target_type, target_id, grounds, details, request_id, prev_hash, hash, hash_version)
         VALUES ${rows.join(', ')}
       )
       UPDATE audit_chain_head SET seq = ${head[1]}, hash = ${head[2]}, prev_hash = ${head[3]} WHERE chain = ${head[0]}`,
      params,
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
