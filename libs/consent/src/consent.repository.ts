import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { KeysetPosition } from '@tongban/platform';
import { DataSource, EntityManager } from 'typeorm';
import { CareTeamMember, CareTeamRole } from './entities/care-team-member.entity';
import { Consent } from './entities/consent.entity';
import { EmergencyAccess } from './entities/emergency-access.entity';

/** Care teams, consents and emergency grants: the relations the access policy rests on. */
@Injectable()
export class ConsentRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  careTeamOf(clientId: string): Promise<CareTeamMember[]> {
    return this.dataSource.getRepository(CareTeamMember).find({ where: { clientId }, order: { addedAt: 'ASC' } });
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

  consentsOf(clientId: string): Promise<Consent[]> {
    return this.dataSource.getRepository(Consent).find({ where: { clientId }, order: { recordedAt: 'DESC', id: 'DESC' } });
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
