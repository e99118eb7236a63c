import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { KeysetPosition, PreparedStatements, sql } from '@tongban/platform';
import { DataSource, EntityManager } from 'typeorm';
import { ClinicJson, clinicJsonSql, clinicOfJson } from './clinic-row-sql';
import { Clinic } from './entities/clinic.entity';

@Injectable()
export class ClinicsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly prepared: PreparedStatements,
  ) {}

  /** The clinic, or null: read by requests that need a clinic's time zone or thresholds (a prepared statement). */
  async findById(id: string): Promise<Clinic | null> {
    const row = await sql`SELECT ${clinicJsonSql(sql`${id}::uuid`)} AS clinic`
      .named('clinics.by_id')
      .one<{ clinic: ClinicJson | null }>(this.prepared);
    return row.clinic ? clinicOfJson(row.clinic) : null;
  }

  /** All clinics by code, or only `onlyId`, in pages. */
  findPage(limit: number, after?: KeysetPosition, onlyId?: string): Promise<Clinic[]> {
    const query = this.dataSource.getRepository(Clinic).createQueryBuilder('c');
    if (onlyId !== undefined) query.andWhere('c.id = :onlyId', { onlyId });
    if (after) query.andWhere('(c.code, c.id) > (:key, :id)', { key: after.key, id: after.id });
    return query
      .orderBy('c.code', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .limit(limit + 1)
      .getMany();
  }

  insert(em: EntityManager, clinic: Pick<Clinic, 'code' | 'name' | 'timeZone'>): Promise<Clinic> {
    return em.getRepository(Clinic).save(em.getRepository(Clinic).create(clinic));
  }

  /** Reads a clinic for update, holding its row until the transaction ends. */
  findByIdForUpdate(em: EntityManager, id: string): Promise<Clinic | null> {
    return em.getRepository(Clinic).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  save(em: EntityManager, clinic: Clinic): Promise<Clinic> {
    return em.getRepository(Clinic).save(clinic);
  }
}
