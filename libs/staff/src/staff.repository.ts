import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { KeysetPosition, Role } from '@tongban/platform';
import { DataSource, EntityManager, In } from 'typeorm';
import { Staff } from './entities/staff.entity';

export interface StaffFilter {
  clinicId?: string;
  role?: Role;
}

@Injectable()
export class StaffRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  findById(id: string): Promise<Staff | null> {
    return this.dataSource.getRepository(Staff).findOneBy({ id });
  }

  findByIds(ids: string[]): Promise<Staff[]> {
    return this.dataSource.getRepository(Staff).findBy({ id: In(ids) });
  }

  findByUsername(username: string): Promise<Staff | null> {
    return this.dataSource.getRepository(Staff).findOneBy({ username });
  }

  findByIdForUpdate(em: EntityManager, id: string): Promise<Staff | null> {
    return em.getRepository(Staff).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async adminExists(): Promise<boolean> {
    return this.dataSource.getRepository(Staff).existsBy({ role: Role.Admin });
  }

  findPage(filter: StaffFilter, limit: number, after?: KeysetPosition): Promise<Staff[]> {
    const query = this.dataSource.getRepository(Staff).createQueryBuilder('s');
    if (filter.clinicId !== undefined) query.andWhere('s.clinic_id = :clinicId', { clinicId: filter.clinicId });
    if (filter.role !== undefined) query.andWhere('s.role = :role', { role: filter.role });
    if (after) query.andWhere('(s.username, s.id) > (:key, :id)', { key: after.key, id: after.id });
    return query
      .orderBy('s.username', 'ASC')
      .addOrderBy('s.id', 'ASC')
      .limit(limit + 1)
      .getMany();
  }

  insert(
    em: EntityManager,
    staff: Pick<Staff, 'username' | 'passwordHash' | 'displayName' | 'role' | 'clinicId' | 'mustChangePassword'>,
  ): Promise<Staff> {
    return em.getRepository(Staff).save(em.getRepository(Staff).create(staff));
  }

  /**
   * Stores a new password hash. A password someone else set (`setBy:
   * 'other'`, an admin's reset) must be changed at the next sign-in, and
   * sessions started before now (the database's clock, which also stamps
   * sessions) stop working; the owner's own change clears the demand.
   */
  async setPassword(em: EntityManager, id: string, passwordHash: string, setBy: 'owner' | 'other'): Promise<boolean> {
    const result = await em
      .getRepository(Staff)
      .createQueryBuilder()
      .update()
      .set(
        setBy === 'other'
          ? { passwordHash, mustChangePassword: true, sessionsValidAfter: () => 'now()' }
          : { passwordHash, mustChangePassword: false },
      )
      .where('id = :id', { id })
      .execute();
    return (result.affected ?? 0) === 1;
  }

  /** Every session and refresh token of the account issued until now stops working, also after a reactivation. */
  async endSessions(em: EntityManager, id: string): Promise<void> {
    await em
      .getRepository(Staff)
      .createQueryBuilder()
      .update()
      .set({ sessionsValidAfter: () => 'now()' })
      .where('id = :id', { id })
      .execute();
  }

  save(em: EntityManager, staff: Staff): Promise<Staff> {
    return em.getRepository(Staff).save(staff);
  }
}
