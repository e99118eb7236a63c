import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { exactInstantSql, KeysetPosition } from '@tongban/platform';
import { DataSource, EntityManager } from 'typeorm';
import { CareTeamMember, CareTeamRole } from './entities/care-team-member.entity';
import { Consent } from './entities/consent.entity';
import { EmergencyAccess } from './entities/emergency-access.entity';

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
    return this.dataSource.query<ListedCareTeamMember[]>(
      `SELECT staff_id AS "staffId", role, added_at AS "addedAt", ${exactInstantSql('added_at')} AS "addedAtKey"
         FROM care_team_member
        WHERE client_id = $1 AND ($2::timestamptz IS NULL OR (added_at, staff_id) > ($2::timestamptz, $3::uuid))
        ORDER BY added_at, staff_id LIMIT $4`,
      [clientId, after?.key ?? null, after?.id ?? null, limit + 1],
    );
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
    return this.dataSource.query<ListedConsent[]>(
      `SELECT id, scope, to_char(valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(valid_until, 'YYYY-MM-DD') AS "validUntil", note,
              recorded_by AS "recordedBy", recorded_at AS "recordedAt", revoked_at AS "revokedAt", revoked_by AS "revokedBy",
              revoke_reason AS "revokeReason", ${exactInstantSql('recorded_at')} AS "recordedAtKey"
         FROM consent
        WHERE client_id = $1 AND ($2::timestamptz IS NULL OR (recorded_at, id) < ($2::timestamptz, $3::uuid))
        ORDER BY recorded_at DESC, id DESC LIMIT $4`,
      [clientId, after?.key ?? null, after?.id ?? null, limit + 1],
    );
  }

  findConsent(clientId: string, id: string): Promise<Consent | null> {
    return this.dataSource.getRepository(Consent).findOneBy({ clientId, id });
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

  emergencyAccessPage(clinicId: string, limit: number, after?: KeysetPosition): Promise<EmergencyAccess[]> {
    const query = this.dataSource.getRepository(EmergencyAccess).createQueryBuilder('e').where('e.clinic_id = :clinicId', { clinicId });
    if (after) query.andWhere('(e.granted_at, e.id) < (:key, :id)', { key: new Date(after.key), id: after.id });
    return query
      .orderBy('e.granted_at', 'DESC')
      .addOrderBy('e.id', 'DESC')
      .limit(limit + 1)
      .getMany();
  }
}
