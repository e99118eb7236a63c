import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { exactInstantSql, KeysetPosition, sql } from '@tongban/platform';
import { DataSource, EntityManager } from 'typeorm';
import { CareTeamMember, CareTeamRole } from './entities/care-team-member.entity';
import { Consent } from './entities/consent.entity';
import { EmergencyAccess } from './entities/emergency-access.entity';

/** A grant within this time after an earlier one of the same staff member for the same client is a renewal. */
export const RENEWAL_WINDOW = '24 hours';

/** A care-team member of a page of the list, with the time added exactly as stored (for the cursor). */
export type ListedCareTeamMember = Pick<CareTeamMember, 'staffId' | 'role' | 'addedAt'> & { addedAtKey: string };

/** A consent of a page of the list, with the time recorded exactly as stored (for the cursor). */
export type ListedConsent = Omit<Consent, 'clientId' | 'clinicId'> & { recordedAtKey: string };

/** Care teams, consents and emergency grants: the relations the access policy rests on. */
@Injectable()
export class ConsentRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * A client's care team, the longest on it first (time added, then staff
   * id: a staff member is on a team once), `limit + 1` of them after `after`.
   */
  careTeamOfClientPage(clientId: string, limit: number, after?: KeysetPosition): Promise<ListedCareTeamMember[]> {
    const afterKey = after?.key ?? null;
    return sql`SELECT staff_id, role, added_at, ${exactInstantSql(sql`added_at`)} AS added_at_key
                 FROM care_team_member
                WHERE client_id = ${clientId} AND (${afterKey}::timestamptz IS NULL OR (added_at, staff_id) > (${afterKey}::timestamptz, ${after?.id ?? null}::uuid))
                ORDER BY added_at, staff_id LIMIT ${limit + 1}`.rows<ListedCareTeamMember>(this.dataSource);
  }

  findCareTeamMember(clientId: string, staffId: string): Promise<CareTeamMember | null> {
    return this.dataSource.getRepository(CareTeamMember).findOneBy({ clientId, staffId });
  }

  /** Inserts (never updates: `save` would overwrite a member already there) so a second add is a unique violation. */
  async addCareTeamMember(
    em: EntityManager,
    member: { clientId: string; staffId: string; role: CareTeamRole; clinicId: string; addedBy: string },
  ): Promise<CareTeamMember> {
    const created = em.getRepository(CareTeamMember).create(member);
    await em.getRepository(CareTeamMember).insert(created);
    return created;
  }

  async removeCareTeamMember(em: EntityManager, clientId: string, staffId: string): Promise<boolean> {
    const result = await em.getRepository(CareTeamMember).delete({ clientId, staffId });
    return (result.affected ?? 0) > 0;
  }

  /** A client's consents, the latest recorded first (then by id), `limit + 1` of them after `after`. */
  consentsOfClientPage(clientId: string, limit: number, after?: KeysetPosition): Promise<ListedConsent[]> {
    const afterKey = after?.key ?? null;
    return sql`SELECT id, scope, to_char(valid_from, 'YYYY-MM-DD') AS valid_from, to_char(valid_until, 'YYYY-MM-DD') AS valid_until, note,
                      recorded_by, recorded_at, revoked_at, revoked_by, revoke_reason, ${exactInstantSql(sql`recorded_at`)} AS recorded_at_key
                 FROM consent
                WHERE client_id = ${clientId} AND (${afterKey}::timestamptz IS NULL OR (recorded_at, id) < (${afterKey}::timestamptz, ${after?.id ?? null}::uuid))
                ORDER BY recorded_at DESC, id DESC LIMIT ${limit + 1}`.rows<ListedConsent>(this.dataSource);
  }

  findConsent(clientId: string, id: string): Promise<Consent | null> {
    return this.dataSource.getRepository(Consent).findOneBy({ clientId, id });
  }

  /** Takes the transaction-scoped lock of one client's scope: records of one scope for one client run one after another. */
  async lockScope(em: EntityManager, clientId: string, scope: string): Promise<void> {
    await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`consent:${clientId}:${scope}`}, 0))`.execute(em);
  }

  /** The client's consent of this scope in force or still to begin on `today` (not revoked, not expired), if any. */
  consentInForce(em: EntityManager, clientId: string, scope: string, today: string): Promise<Consent | null> {
    return em
      .getRepository(Consent)
      .createQueryBuilder('c')
      .where('c.client_id = :clientId AND c.scope = :scope AND c.revoked_at IS NULL', { clientId, scope })
      .andWhere('(c.valid_until IS NULL OR c.valid_until >= :today)', { today })
      .orderBy('c.recorded_at', 'DESC')
      .getOne();
  }

  /** Renews a consent to a new last day (null: until revoked), and a new note when one is given. */
  async renewConsent(em: EntityManager, id: string, validUntil: string | null, note: string | null | undefined): Promise<Consent> {
    await em.getRepository(Consent).update({ id }, { validUntil, ...(note === undefined ? {} : { note }) });
    return em.getRepository(Consent).findOneByOrFail({ id });
  }

  insertConsent(
    em: EntityManager,
    consent: Omit<Consent, 'id' | 'recordedAt' | 'revokedAt' | 'revokedBy' | 'revokeReason'>,
  ): Promise<Consent> {
    return em
      .getRepository(Consent)
      .save(em.getRepository(Consent).create({ ...consent, revokedAt: null, revokedBy: null, revokeReason: null }));
  }

  /** Revokes a consent unless it is revoked already; returns the revoked row, or null. */
  async revokeConsent(
    em: EntityManager,
    id: string,
    revokedBy: string,
    revokedAt: Date,
    revokeReason: string | null,
  ): Promise<Consent | null> {
    const result = await em
      .getRepository(Consent)
      .createQueryBuilder()
      .update()
      .set({ revokedAt, revokedBy, revokeReason })
      .where('id = :id AND revoked_at IS NULL', { id })
      .execute();
    return (result.affected ?? 0) === 1 ? em.getRepository(Consent).findOneBy({ id }) : null;
  }

  insertEmergencyAccess(em: EntityManager, grant: Omit<EmergencyAccess, 'id'>): Promise<EmergencyAccess> {
    return em.getRepository(EmergencyAccess).save(em.getRepository(EmergencyAccess).create(grant));
  }

  /**
   * The grants of this staff member for this client since `since`, counted
   * under a transaction-scoped lock on the pair, so concurrent requests of
   * one staff member for one client count one after another.
   */
  async lockAndCountRecentGrants(em: EntityManager, staffId: string, clientId: string, since: Date): Promise<number> {
    await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`emergency_access:${staffId}:${clientId}`}, 0))`.execute(em);
    const row = await sql`SELECT count(*) AS count FROM emergency_access
                           WHERE staff_id = ${staffId} AND client_id = ${clientId} AND granted_at > ${since}`.one<{ count: string }>(em);
    return Number(row.count);
  }

  /** A page of the clinic's grants, newest first, each marked a renewal when the same staff member opened the client in the 24 hours before. */
  async emergencyAccessPage(
    clinicId: string,
    limit: number,
    after?: KeysetPosition,
  ): Promise<Array<EmergencyAccess & { renewal: boolean }>> {
    const query = this.dataSource
      .getRepository(EmergencyAccess)
      .createQueryBuilder('e')
      .addSelect(
        `EXISTS (SELECT 1 FROM emergency_access r WHERE r.staff_id = e.staff_id AND r.client_id = e.client_id AND r.id <> e.id
            AND r.granted_at <= e.granted_at AND r.granted_at > e.granted_at - interval '${RENEWAL_WINDOW}')`,
        'renewal',
      )
      .where('e.clinic_id = :clinicId', { clinicId });
    if (after) query.andWhere('(e.granted_at, e.id) < (:key, :id)', { key: new Date(after.key), id: after.id });
    const { entities, raw } = await query
      .orderBy('e.granted_at', 'DESC')
      .addOrderBy('e.id', 'DESC')
      .limit(limit + 1)
      .getRawAndEntities<{ renewal: boolean }>();
    return entities.map((grant, index) => ({ ...grant, renewal: raw[index].renewal }));
  }
}
