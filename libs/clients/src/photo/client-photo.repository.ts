import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { sql, Sql } from '@tongban/platform';
import { ClientPhoto, PhotoType } from '../entities/client-photo.entity';

/** Client photos, one row per client at most. */
@Injectable()
export class ClientPhotoRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Stores the client's photo, replacing the one there was; answers whether there was one. */
  async upsert(
    em: EntityManager,
    photo: {
      clientId: string;
      clinicId: string;
      contentType: PhotoType;
      image: string;
      byteSize: number;
      updatedBy: string;
      updatedAt: Date;
    },
  ): Promise<{ id: string; replaced: boolean }> {
    return sql`INSERT INTO client_photo (client_id, clinic_id, content_type, image, byte_size, updated_by, updated_at)
               VALUES (${photo.clientId}, ${photo.clinicId}, ${photo.contentType}, ${photo.image}, ${photo.byteSize}, ${photo.updatedBy}, ${photo.updatedAt})
               ON CONFLICT (client_id) DO UPDATE
                 SET content_type = EXCLUDED.content_type, image = EXCLUDED.image, byte_size = EXCLUDED.byte_size,
                     updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at
               RETURNING id, (xmax <> 0) AS replaced`.one<{ id: string; replaced: boolean }>(em);
  }

  findOfClient(clientId: string): Promise<ClientPhoto | null> {
    return this.dataSource.getRepository(ClientPhoto).findOneBy({ clientId });
  }

  /** Deletes the client's photo; answers the deleted row's id, or null when there was none. */
  async deleteOfClient(em: EntityManager, clientId: string): Promise<string | null> {
    const photo = await em
      .getRepository(ClientPhoto)
      .findOne({ where: { clientId }, select: { id: true }, lock: { mode: 'pessimistic_write' } });
    if (!photo) return null;
    await em.getRepository(ClientPhoto).delete({ id: photo.id });
    return photo.id;
  }

  async hasPhoto(clientId: string): Promise<boolean> {
    return this.dataSource.getRepository(ClientPhoto).existsBy({ clientId });
  }
}

/** Whether the client (an SQL expression for its id) has a photo: for lists that carry `hasPhoto`. */
export function hasPhotoSql(clientId: Sql): Sql {
  return sql`EXISTS (SELECT 1 FROM client_photo ph WHERE ph.client_id = ${clientId})`;
}
