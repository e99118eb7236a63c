import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { actorOf, AuditService, Caller, Clock, FieldCipher, KeyRotation, PlatformException, clientAuditEntry } from '@tongban/platform';
import { DataSource } from 'typeorm';
import { ClientsService } from '../clients.service';
import { PhotoType } from '../entities/client-photo.entity';
import { ClientPhotoRepository } from './client-photo.repository';
import { ImageBody } from './image-body';

/**
 * The client's photo, which the nurse checks the person at the window
 * against. Stored sealed; shown to those who see the client's identity
 * (never to a peer leader); changed by those who manage the record
 * (emergency access never opens that). Upload, view and deletion are audited.
 */
@Injectable()
export class ClientPhotoService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly photos: ClientPhotoRepository,
    private readonly clients: ClientsService,
    private readonly cipher: FieldCipher,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly keyRotation: KeyRotation,
  ) {}

  onModuleInit(): void {
    this.keyRotation.register({ table: 'client_photo', columns: ['image'] });
  }

  async put(caller: Caller, clientId: string, body: ImageBody): Promise<void> {
    const access = await this.clients.requireAccess(caller, clientId, 'profile', 'manage');
    if (access.decision.view === 'pseudonym') throw notFound();
    const image = this.cipher.seal(body.bytes.toString('base64'));
    await this.dataSource.transaction(async (em) => {
      const saved = await this.photos.upsert(em, {
        clientId,
        clinicId: access.client.clinicId,
        contentType: body.contentType,
        image,
        byteSize: body.bytes.length,
        updatedBy: caller.staffId,
        updatedAt: this.clock.now(),
      });
      await this.audit.record(em, actorOf(caller), {
        ...clientAuditEntry(access, 'client_photo.upload', {
          contentType: body.contentType,
          bytes: body.bytes.length,
          replaced: saved.replaced,
        }),
        targetType: 'client_photo',
        targetId: saved.id,
      });
    });
  }

  async get(caller: Caller, clientId: string): Promise<{ contentType: PhotoType; bytes: Buffer }> {
    // The nurse checks the person at the window against the photo: it is part of what the window reads (a guest's too).
    const access = await this.clients.requireAccess(caller, clientId, 'window');
    if (access.decision.view === 'pseudonym') throw notFound();
    const photo = await this.photos.findOfClient(clientId);
    if (!photo) throw PlatformException.notFound('This client has no photo.');
    const bytes = Buffer.from(this.cipher.open(photo.image), 'base64');
    await this.dataSource.transaction((em) =>
      this.audit.record(em, actorOf(caller), {
        ...clientAuditEntry(access, 'client_photo.read'),
        targetType: 'client_photo',
        targetId: photo.id,
      }),
    );
    return { contentType: photo.contentType, bytes };
  }

  async remove(caller: Caller, clientId: string): Promise<void> {
    const access = await this.clients.requireAccess(caller, clientId, 'profile', 'manage');
    if (access.decision.view === 'pseudonym') throw notFound();
    await this.dataSource.transaction(async (em) => {
      const id = await this.photos.deleteOfClient(em, clientId);
      if (!id) throw PlatformException.notFound('This client has no photo.');
      await this.audit.record(em, actorOf(caller), {
        ...clientAuditEntry(access, 'client_photo.delete'),
        targetType: 'client_photo',
        targetId: id,
      });
    });
  }
}

function notFound(): PlatformException {
  return PlatformException.notFound('No such client.');
}
