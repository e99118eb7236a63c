import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { hasConsentSql } from '@tongban/clients';
import { KeysetPosition, newestByDayPage, PairPosition, sql, withExactInstant } from '@tongban/platform';
import { DataSource, EntityManager } from 'typeorm';
import { FamilyContact } from './entities/family-contact.entity';
import { FamilyInteraction } from './entities/family-interaction.entity';

/** A contact of a page of the list, with the time recorded exactly as stored (`instantKey`, for the cursor). */
export type ListedFamilyContact = FamilyContact & { instantKey: string };

/** An interaction of a page of the list, with the time recorded exactly as stored (`instantKey`, for the cursor). */
export type ListedFamilyInteraction = FamilyInteraction & { instantKey: string };

@Injectable()
export class FamilyRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** `createdAt`/`updatedAt` come from the app's Clock, like every other recorded instant. */
  insertContact(em: EntityManager, contact: Omit<FamilyContact, 'id'>): Promise<FamilyContact> {
    return em.getRepository(FamilyContact).save(em.getRepository(FamilyContact).create(contact));
  }

  saveContact(em: EntityManager, contact: FamilyContact): Promise<FamilyContact> {
    return em.getRepository(FamilyContact).save(contact);
  }

  /** The contact, if it is one of this client's. */
  findContactOfClient(clientId: string, contactId: string): Promise<FamilyContact | null> {
    return this.dataSource.getRepository(FamilyContact).findOne({ where: { id: contactId, clientId } });
  }

  /** The contact, if it is one of this client's, locked for the rest of the transaction. */
  findContactOfClientForUpdate(em: EntityManager, clientId: string, contactId: string): Promise<FamilyContact | null> {
    return em.getRepository(FamilyContact).findOne({ where: { id: contactId, clientId }, lock: { mode: 'pessimistic_write' } });
  }

  /** A client's contacts in the order they were recorded, `limit + 1` of them after `after`. */
  contactsOfClientPage(clientId: string, limit: number, after?: KeysetPosition): Promise<ListedFamilyContact[]> {
    const query = this.dataSource.getRepository(FamilyContact).createQueryBuilder('c').where('c.client_id = :clientId', { clientId });
    if (after) {
      query.andWhere('(c.created_at, c.id) > (:afterKey::timestamptz, :afterId::uuid)', { afterKey: after.key, afterId: after.id });
    }
    return withExactInstant(
      query
        .orderBy('c.created_at', 'ASC')
        .addOrderBy('c.id', 'ASC')
        .limit(limit + 1),
      'c.created_at',
    );
  }

  insertInteraction(em: EntityManager, interaction: Omit<FamilyInteraction, 'id'>): Promise<FamilyInteraction> {
    return em.getRepository(FamilyInteraction).save(em.getRepository(FamilyInteraction).create(interaction));
  }

  /**
   * A contact's interactions newest first (date, then when recorded, then
   * id), `limit + 1` of them after `after` (the date, then the time recorded).
   */
  interactionsOfContactPage(contactId: string, limit: number, after?: PairPosition): Promise<ListedFamilyInteraction[]> {
    const query = this.dataSource
      .getRepository(FamilyInteraction)
      .createQueryBuilder('i')
      .where('i.family_contact_id = :contactId', { contactId });
    return newestByDayPage(query, { day: 'date', instant: 'recorded_at' }, limit, after);
  }

  /**
   * Whether the client has a family_contact consent in force on `day` (a
   * clinic day), by the consent area's own condition. Inside a transaction,
   * pass its manager.
   */
  async familyConsentActiveOn(clientId: string, day: string, em?: EntityManager): Promise<boolean> {
    const row = await sql`SELECT ${hasConsentSql(sql`${clientId}::uuid`, 'family_contact', sql`${day}::date`)} AS active`.one<{
      active: boolean;
    }>(em ?? this.dataSource);
    return row.active;
  }
}
