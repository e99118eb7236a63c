import { Injectable } from '@nestjs/common';
import {
  actorOf,
  AuditService,
  Caller,
  Clock,
  DomainEvents,
  FieldCipher,
  isUniqueViolation,
  PlatformException,
  sql,
} from '@tongban/platform';
import { EntityManager } from 'typeorm';
import { ClientLeftTreatment, ClientTransferred } from './client-events';
import { ClientSearchIndex } from './client-search-index';
import { ClientsErrorCode, ClientsException } from './clients.exception';
import { ClientsRepository } from './clients.repository';
import { clientCode } from './search-terms';

/** Where a transfer left the client: their new record at the receiving clinic. */
export interface TransferredClient {
  clientId: string;
  code: string;
}

/**
 * A client's move to another clinic for good (product.md "Transfer"), the
 * client record's part of it, run in the caller's transaction: the home
 * episode ends `transferred` on the day and the home record's status is
 * `transferred`; the client is registered at the receiving clinic under a
 * code of its own, with a new episode from the day, their identity (the
 * sealed values re-used: one key seals every clinic's data), photo and
 * consents in force; the home consents end (the client's agreements now live
 * with the new record, so no access at home rests on them). Counseling notes,
 * family contacts and group history stay with the home record. Areas above
 * carry what is theirs on `client.transferred` (dosing: the order in force).
 * The area that decided the transfer (its own access rules) calls this,
 * with the receiving clinic read before the transaction (every query in it
 * goes through its manager).
 */
@Injectable()
export class ClientTransfers {
  constructor(
    private readonly clients: ClientsRepository,
    private readonly searchIndex: ClientSearchIndex,
    private readonly cipher: FieldCipher,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
    private readonly clock: Clock,
  ) {}

  async moveWithin(
    em: EntityManager,
    caller: Caller,
    move: { clientId: string; receiving: { id: string; code: string }; date: string; transferId: string },
  ): Promise<TransferredClient> {
    const home = await this.clients.findByIdForUpdate(em, move.clientId);
    if (!home) throw PlatformException.notFound('No such client.');
    const open = (await this.clients.episodesWithin(em, home.id)).find((episode) => episode.endDate === null);
    if (home.status !== 'active' || !open)
      throw new ClientsException(ClientsErrorCode.CLIENT_NOT_ACTIVE, 'The client is not in treatment.');
    if (move.date < open.startDate) {
      throw new ClientsException(
        ClientsErrorCode.DATE_OUT_OF_EPISODE,
        `The episode began on ${open.startDate}; the transfer cannot come before it.`,
      );
    }
    const receiving = move.receiving;
    await this.clients.closeEpisode(em, open.id, move.date, 'transferred');
    home.status = 'transferred';
    await this.clients.save(em, home);
    const number = await this.clients.nextNumber(em, receiving.id);
    let created;
    try {
      created = await this.clients.insert(em, {
        createdAt: this.clock.now(),
        clinicId: receiving.id,
        code: clientCode(receiving.code, number),
        givenName: home.givenName,
        familyName: home.familyName,
        preferredName: home.preferredName,
        dateOfBirth: home.dateOfBirth,
        sex: home.sex,
        phone: home.phone,
        email: home.email,
        nationalId: home.nationalId,
        nationalIdHash: home.nationalIdHash,
        preferredLanguage: home.preferredLanguage,
        status: 'active',
        createdBy: caller.staffId,
      });
    } catch (error) {
      if (isUniqueViolation(error, 'UQ_client_clinic_national_id')) {
        throw new ClientsException(ClientsErrorCode.DUPLICATE_CLIENT, 'The receiving clinic has a client with this national ID already.');
      }
      throw error;
    }
    await this.searchIndex.write(em, created, {
      givenName: this.cipher.open(home.givenName),
      familyName: this.cipher.open(home.familyName),
      phone: this.cipher.openOptional(home.phone),
      nationalId: this.cipher.openOptional(home.nationalId),
    });
    await this.clients.insertEpisode(em, { clientId: created.id, clinicId: receiving.id, startDate: move.date });
    const carried = await this.carryOver(em, caller, home.id, created.id, receiving.id, move.date);
    const left: ClientLeftTreatment = { type: 'client.left_treatment', clientId: home.id };
    const cancelled = await this.events.publish(em, left);
    const transferred: ClientTransferred = {
      type: 'client.transferred',
      fromClientId: home.id,
      toClientId: created.id,
      toClinicId: receiving.id,
      date: move.date,
    };
    const moved = await this.events.publish(em, transferred);
    const details = { transferId: move.transferId, date: move.date, ...carried, ...cancelled, ...moved };
    await this.audit.recordMany(em, actorOf(caller), [
      {
        action: 'client.transfer_out',
        clinicId: home.clinicId,
        clientId: home.id,
        targetType: 'client',
        targetId: home.id,
        grounds: 'role',
        details: { ...details, toClinicId: receiving.id },
        alsoClinicId: receiving.id,
      },
      {
        action: 'client.transfer_in',
        clinicId: receiving.id,
        clientId: created.id,
        targetType: 'client',
        targetId: created.id,
        grounds: 'role',
        details: { ...details, code: created.code, fromClinicId: home.clinicId },
        alsoClinicId: home.clinicId,
      },
    ]);
    return { clientId: created.id, code: created.code };
  }

  /** The photo and the consents in force on `date` go to the new record; at home those consents end. */
  private async carryOver(
    em: EntityManager,
    caller: Caller,
    fromId: string,
    toId: string,
    toClinicId: string,
    date: string,
  ): Promise<{ photo: number; consents: number }> {
    const photo = await sql`INSERT INTO client_photo (client_id, clinic_id, content_type, image, byte_size, updated_by, updated_at)
                            SELECT ${toId}::uuid, ${toClinicId}::uuid, content_type, image, byte_size, updated_by, updated_at
                              FROM client_photo WHERE client_id = ${fromId}::uuid`.execute(em);
    const inForce = sql`client_id = ${fromId}::uuid AND revoked_at IS NULL AND (valid_until IS NULL OR valid_until >= ${date}::date)`;
    const consents = await sql`INSERT INTO consent (client_id, clinic_id, scope, valid_from, valid_until, note, recorded_by, recorded_at)
                               SELECT ${toId}::uuid, ${toClinicId}::uuid, scope, valid_from, valid_until, note, recorded_by, recorded_at
                                 FROM consent WHERE ${inForce}`.execute(em);
    await sql`UPDATE consent SET revoked_at = ${this.clock.now()}, revoked_by = ${caller.staffId}::uuid,
                                 revoke_reason = ${this.cipher.seal('transferred to another clinic')}
               WHERE ${inForce}`.execute(em);
    return { photo, consents };
  }
}
