import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DoseOrder } from './entities/dose-order.entity';
import { DosingVisit } from './entities/dosing-visit.entity';

/**
 * Coverage, in one place. An observed dose covers its own day; a take-home
 * dispense covers the `covers_days` days after its day. `last` is the last
 * covered day before `$2`; `covered` says whether `$2` itself is covered.
 */
const COVERAGE = `
  to_char(max(CASE
    WHEN kind = 'observed' AND clinic_day < $2::date THEN clinic_day
    WHEN kind = 'take_home' AND clinic_day < $2::date - 1 THEN LEAST(clinic_day + covers_days, $2::date - 1)
  END), 'YYYY-MM-DD') AS last,
  coalesce(bool_or((kind = 'observed' AND clinic_day = $2::date)
    OR (kind = 'take_home' AND clinic_day < $2::date AND clinic_day + covers_days >= $2::date)), false) AS covered`;

@Injectable()
export class DosingRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** `createdAt` comes from the app's Clock, so the re-titration rule reads the same "now" as every other rule. */
  insertOrder(em: EntityManager, order: Omit<DoseOrder, 'id'>): Promise<DoseOrder> {
    return em.getRepository(DoseOrder).save(em.getRepository(DoseOrder).create(order));
  }

  ordersOf(clientId: string): Promise<DoseOrder[]> {
    return this.dataSource.getRepository(DoseOrder).find({ where: { clientId }, order: { effectiveDate: 'DESC', createdAt: 'DESC' } });
  }

  /** The order in force on a day: the latest effective on or before it. */
  activeOrderOn(clientId: string, day: string): Promise<DoseOrder | null> {
    return this.dataSource
      .getRepository(DoseOrder)
      .createQueryBuilder('o')
      .where('o.client_id = :clientId AND o.effective_date <= :day', { clientId, day })
      .orderBy('o.effective_date', 'DESC')
      .addOrderBy('o.created_at', 'DESC')
      .getOne();
  }

  async activeOrdersOn(clientIds: string[], day: string): Promise<Map<string, DoseOrder>> {
    if (clientIds.length === 0) return new Map();
    const orders = await this.dataSource
      .getRepository(DoseOrder)
      .createQueryBuilder('o')
      .distinctOn(['o.client_id'])
      .where('o.client_id IN (:...clientIds) AND o.effective_date <= :day', { clientIds, day })
      .orderBy('o.client_id')
      .addOrderBy('o.effective_date', 'DESC')
      .addOrderBy('o.created_at', 'DESC')
      .getMany();
    return new Map(orders.map((order) => [order.clientId, order]));
  }

  /** For each client: the last covered day before `day`, and whether `day` itself is covered. */
  async coverageOn(clientIds: string[], day: string): Promise<Map<string, { lastCovered: string | null; covered: boolean }>> {
    if (clientIds.length === 0) return new Map();
    const rows = await this.dataSource.query<Array<{ client_id: string; last: string | null; covered: boolean }>>(
      `SELECT client_id, ${COVERAGE} FROM dosing_visit WHERE client_id = ANY($1::uuid[]) AND clinic_day <= $2::date GROUP BY client_id`,
      [clientIds, day],
    );
    return new Map(rows.map((row) => [row.client_id, { lastCovered: row.last, covered: row.covered }]));
  }

  observedOn(em: EntityManager, clientId: string, day: string): Promise<DosingVisit[]> {
    return em.getRepository(DosingVisit).find({ where: { clientId, clinicDay: day, kind: 'observed' }, order: { part: 'ASC' } });
  }

  /** Holds the client's dosing for the rest of the transaction, so two windows cannot dose at once. */
  async lockClientDosing(em: EntityManager, clientId: string): Promise<void> {
    await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`dosing:${clientId}`]);
  }

  insertVisit(em: EntityManager, visit: Omit<DosingVisit, 'id'>): Promise<DosingVisit> {
    return em.getRepository(DosingVisit).save(em.getRepository(DosingVisit).create(visit));
  }

  visitsOf(clientId: string, from?: string, to?: string): Promise<DosingVisit[]> {
    const query = this.dataSource.getRepository(DosingVisit).createQueryBuilder('v').where('v.client_id = :clientId', { clientId });
    if (from) query.andWhere('v.clinic_day >= :from', { from });
    if (to) query.andWhere('v.clinic_day <= :to', { to });
    return query.orderBy('v.clinic_day', 'ASC').addOrderBy('v.recorded_at', 'ASC').getMany();
  }
}
