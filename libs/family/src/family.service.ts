import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ClinicsService } from '@tongban/clinics';
import { ClientAccess, ClientsService } from '@tongban/clients';
import {
  actorOf,
  AuditService,
  Caller,
  Clock,
  decodeCursor,
  decodePairCursor,
  DEFAULT_PAGE_SIZE,
  FieldCipher,
  KeyRotation,
  PageQueryDto,
  pairKey,
  PlatformException,
  toPage,
  clientAuditEntry,
} from '@tongban/platform';
import { DataSource } from 'typeorm';
import { CreateFamilyContactDto } from './dto/create-family-contact.dto';
import { FamilyContactDto, FamilyContactPageDto } from './dto/family-contact.dto';
import { FamilyInteractionDto, FamilyInteractionPageDto } from './dto/family-interaction.dto';
import { RecordFamilyInteractionDto } from './dto/record-family-interaction.dto';
import { UpdateFamilyContactDto } from './dto/update-family-contact.dto';
import { FamilyContact } from './entities/family-contact.entity';
import { FamilyInteraction } from './entities/family-interaction.entity';
import { FamilyErrorCode, FamilyException } from './family.exception';
import { FamilyRepository } from './family.repository';

/**
 * A client's family and other natural supports, and the clinic's
 * interactions with them. Whether a relative may be contacted depends on
 * both the client's word for that person (`mayContact`) and an active
 * `family_contact` consent on the clinic day.
 */
@Injectable()
export class FamilyService implements OnModuleInit {
  constructor(
    private readonly clinics: ClinicsService,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly family: FamilyRepository,
    private readonly clients: ClientsService,
    private readonly cipher: FieldCipher,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly keyRotation: KeyRotation,
  ) {}

  onModuleInit(): void {
    this.keyRotation.register({ table: 'family_contact', columns: ['name', 'relationship', 'phone', 'notes'] });
    this.keyRotation.register({ table: 'family_interaction', columns: ['summary'] });
  }

  async create(caller: Caller, clientId: string, dto: CreateFamilyContactDto): Promise<FamilyContactDto> {
    const access = await this.clients.requireAccess(caller, clientId, 'family', 'manage');
    const today = await this.clinics.today(access.client.clinicId, caller);
    const now = this.clock.now();
    return this.dataSource.transaction(async (em) => {
      const saved = await this.family.insertContact(em, {
        clientId,
        clinicId: access.client.clinicId,
        name: this.cipher.seal(dto.name.trim()),
        relationship: this.cipher.seal(dto.relationship.trim()),
        phone: this.cipher.sealOptional(dto.phone?.trim() || null),
        mayContact: dto.mayContact,
        livesWithClient: dto.livesWithClient ?? null,
        notes: this.cipher.sealOptional(dto.notes ?? null),
        createdBy: caller.staffId,
        createdAt: now,
        updatedAt: now,
      });
      const consented = await this.family.familyConsentActiveOn(clientId, today, em);
      await this.audit.record(em, actorOf(caller), {
        ...clientAuditEntry(access, 'family_contact.create', { mayContact: dto.mayContact }),
        targetType: 'family_contact',
        targetId: saved.id,
      });
      return this.contactDto(saved, consented);
    });
  }

  async list(caller: Caller, clientId: string, query: PageQueryDto): Promise<FamilyContactPageDto> {
    const access = await this.clients.requireAccess(caller, clientId, 'family');
    const consented = await this.consentedToday(access);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.family.contactsOfClientPage(clientId, limit, decodeCursor(query.cursor, 'exactInstant'));
    const page = toPage(
      rows,
      limit,
      (contact) => ({ key: contact.instantKey, id: contact.id }),
      (contact) => this.contactDto(contact, consented),
    );
    await this.clients.recordRead(caller, access, 'family_contact.list', { count: page.items.length });
    return page;
  }

  async get(caller: Caller, clientId: string, contactId: string): Promise<FamilyContactDto> {
    const access = await this.clients.requireAccess(caller, clientId, 'family');
    const contact = await this.requireContact(clientId, contactId);
    const consented = await this.consentedToday(access);
    await this.clients.recordRead(caller, access, 'family_contact.read', { familyContactId: contact.id });
    return this.contactDto(contact, consented);
  }

  async update(caller: Caller, clientId: string, contactId: string, dto: UpdateFamilyContactDto): Promise<FamilyContactDto> {
    const access = await this.clients.requireAccess(caller, clientId, 'family', 'manage');
    const today = await this.clinics.today(access.client.clinicId, caller);
    const fields = Object.keys(dto);
    return this.dataSource.transaction(async (em) => {
      const contact = await this.family.findContactOfClientForUpdate(em, clientId, contactId);
      if (!contact) throw contactNotFound();
      if (dto.name !== undefined) contact.name = this.cipher.seal(dto.name.trim());
      if (dto.relationship !== undefined) contact.relationship = this.cipher.seal(dto.relationship.trim());
      if (dto.phone !== undefined) contact.phone = this.cipher.sealOptional(dto.phone?.trim() || null);
      if (dto.mayContact !== undefined) contact.mayContact = dto.mayContact;
      if (dto.livesWithClient !== undefined) contact.livesWithClient = dto.livesWithClient;
      if (dto.notes !== undefined) contact.notes = this.cipher.sealOptional(dto.notes);
      if (fields.length > 0) contact.updatedAt = this.clock.now();
      const saved = await this.family.saveContact(em, contact);
      const consented = await this.family.familyConsentActiveOn(clientId, today, em);
      await this.audit.record(em, actorOf(caller), {
        ...clientAuditEntry(access, 'family_contact.update', {
          fields,
          ...(dto.mayContact !== undefined ? { mayContact: dto.mayContact } : {}),
        }),
        targetType: 'family_contact',
        targetId: contact.id,
      });
      return this.contactDto(saved, consented);
    });
  }

  /**
   * Logs a call, visit, family session or message with a relative. Contact
   * the clinic starts (`initiatedBy` staff, the default) needs the relative
   * to be contactable today (mayContact and an active family_contact
   * consent), else 422 CONTACT_NOT_PERMITTED saying which is missing; the
   * consent is read in the same transaction as the insert. Contact the
   * relative or the client started is always recorded.
   */
  async recordInteraction(
    caller: Caller,
    clientId: string,
    contactId: string,
    dto: RecordFamilyInteractionDto,
  ): Promise<FamilyInteractionDto> {
    const access = await this.clients.requireAccess(caller, clientId, 'family', 'manage');
    const today = await this.clinics.today(access.client.clinicId, caller);
    if (dto.date > today)
      throw PlatformException.validation([{ field: 'date', message: 'date must not lie in the future', key: 'future' }]);
    return this.dataSource.transaction(async (em) => {
      const contact = await this.family.findContactOfClientForUpdate(em, clientId, contactId);
      if (!contact) throw contactNotFound();
      const initiatedBy = dto.initiatedBy ?? 'staff';
      if (initiatedBy === 'staff') {
        const consented = await this.family.familyConsentActiveOn(clientId, today, em);
        if (!contact.mayContact || !consented) throw notPermitted(contact.mayContact, consented);
      }
      const saved = await this.family.insertInteraction(em, {
        familyContactId: contact.id,
        clientId,
        clinicId: access.client.clinicId,
        date: dto.date,
        channel: dto.channel,
        initiatedBy,
        summary: this.cipher.sealOptional(dto.summary ?? null),
        recordedBy: caller.staffId,
        recordedAt: this.clock.now(),
      });
      await this.audit.record(em, actorOf(caller), {
        ...clientAuditEntry(access, 'family_interaction.create', {
          familyContactId: contact.id,
          date: dto.date,
          channel: dto.channel,
          initiatedBy,
        }),
        targetType: 'family_interaction',
        targetId: saved.id,
      });
      return this.interactionDto(saved);
    });
  }

  async listInteractions(caller: Caller, clientId: string, contactId: string, query: PageQueryDto): Promise<FamilyInteractionPageDto> {
    const access = await this.clients.requireAccess(caller, clientId, 'family');
    const contact = await this.requireContact(clientId, contactId);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.family.interactionsOfContactPage(contact.id, limit, decodePairCursor(query.cursor, 'date', 'exactInstant'));
    const page = toPage(
      rows,
      limit,
      (interaction) => ({ key: pairKey(interaction.date, interaction.instantKey), id: interaction.id }),
      (interaction) => this.interactionDto(interaction),
    );
    await this.clients.recordRead(caller, access, 'family_interaction.list', { familyContactId: contact.id, count: page.items.length });
    return page;
  }

  private async requireContact(clientId: string, contactId: string): Promise<FamilyContact> {
    const contact = await this.family.findContactOfClient(clientId, contactId);
    if (!contact) throw contactNotFound();
    return contact;
  }

  private async consentedToday(access: ClientAccess): Promise<boolean> {
    return this.family.familyConsentActiveOn(access.client.id, await this.clinics.today(access.client.clinicId));
  }

  private contactDto(contact: FamilyContact, consented: boolean): FamilyContactDto {
    return {
      id: contact.id,
      clientId: contact.clientId,
      name: this.cipher.open(contact.name),
      relationship: this.cipher.open(contact.relationship),
      phone: this.cipher.openOptional(contact.phone),
      mayContact: contact.mayContact,
      livesWithClient: contact.livesWithClient,
      notes: this.cipher.openOptional(contact.notes),
      contactable: contact.mayContact && consented,
      createdAt: contact.createdAt.toISOString(),
      updatedAt: contact.updatedAt.toISOString(),
    };
  }

  private interactionDto(interaction: FamilyInteraction): FamilyInteractionDto {
    return {
      id: interaction.id,
      familyContactId: interaction.familyContactId,
      date: interaction.date,
      channel: interaction.channel,
      initiatedBy: interaction.initiatedBy,
      summary: this.cipher.openOptional(interaction.summary),
      recordedBy: interaction.recordedBy,
      recordedAt: interaction.recordedAt.toISOString(),
    };
  }
}

function contactNotFound(): PlatformException {
  return PlatformException.notFound('No such family contact for this client.');
}

function notPermitted(mayContact: boolean, consented: boolean): FamilyException {
  const reasons = [
    ...(mayContact ? [] : ['the client has not allowed the clinic to contact this person (mayContact is false)']),
    ...(consented ? [] : ['the client has no active family_contact consent today']),
  ];
  return new FamilyException(FamilyErrorCode.CONTACT_NOT_PERMITTED, `This contact may not be contacted: ${reasons.join(', and ')}.`);
}
