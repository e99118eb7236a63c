import { Injectable } from '@nestjs/common';
import type { ClientView } from './access';
import { FieldCipher } from '@tongban/platform';
import { AnyClientDto, ClientClinicalDto, ClientDto, ClientPseudonymDto } from './dto/client.dto';
import { Client } from './entities/client.entity';

/** Opens a client's sealed fields, only those of the caller's view. */
@Injectable()
export class ClientPresenter {
  constructor(private readonly cipher: FieldCipher) {}

  /** `hasPhoto` is shown with the identity (never in the pseudonym view). */
  present(client: Client, view: ClientView, hasPhoto: boolean): AnyClientDto {
    const pseudonym: ClientPseudonymDto = {
      id: client.id,
      code: client.code,
      preferredName: this.cipher.openOptional(client.preferredName),
    };
    if (view === 'pseudonym') return pseudonym;
    const clinical: ClientClinicalDto = {
      ...pseudonym,
      clinicId: client.clinicId,
      givenName: this.cipher.open(client.givenName),
      familyName: this.cipher.open(client.familyName),
      dateOfBirth: this.cipher.open(client.dateOfBirth),
      sex: client.sex,
      preferredLanguage: client.preferredLanguage,
      status: client.status,
      hasPhoto,
    };
    if (view === 'clinical') return clinical;
    const full: ClientDto = {
      ...clinical,
      phone: this.cipher.openOptional(client.phone),
      email: this.cipher.openOptional(client.email),
      nationalId: this.cipher.openOptional(client.nationalId),
      createdAt: client.createdAt.toISOString(),
      updatedAt: client.updatedAt.toISOString(),
    };
    return full;
  }
}
