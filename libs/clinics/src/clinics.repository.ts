import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { KeysetPosition } from '@tongban/platform';
import { DataSource, EntityManager } from 'typeorm';
import { Clinic } from './entities/clinic.entity';

@Injectable()
export class ClinicsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  findById(id: string): Promise<Clinic | null> {
    return this.dataSource.getRepository(Clinic).findOneBy({ id });
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
