import { Injectable, OnModuleInit } from '@nestjs/common';
import { FieldCipher, KeyRotation } from '@tongban/platform';
import { EntityManager } from 'typeorm';
import { ClientsRepository } from './clients.repository';
import { Client } from './entities/client.entity';
import { searchTermsOf } from './search-terms';

/**
 * The client's blind indexes (search terms, the national id's hash): written
 * with every registration and change of identity, and rebuilt under the new
 * key after `npm run keys:rotate` re-seals a batch of clients.
 */
@Injectable()
export class ClientSearchIndex implements OnModuleInit {
  constructor(
    private readonly clients: ClientsRepository,
    private readonly cipher: FieldCipher,
    private readonly keyRotation: KeyRotation,
  ) {}

  /** Declares the client's sealed columns; after re-sealing a batch, its blind indexes follow the new key. */
  onModuleInit(): void {
    this.keyRotation.register({
      table: 'client',
      columns: ['given_name', 'family_name', 'preferred_name', 'date_of_birth', 'phone', 'email', 'national_id'],
      afterBatch: (em, ids) => this.rebuild(em, ids),
    });
  }

  /** The client's search terms for these values, replacing those there were. */
  async write(
    em: EntityManager,
    client: Client,
    values: { givenName: string; familyName: string; phone?: string | null; nationalId?: string | null },
  ): Promise<void> {
    const hashes = searchTermsOf(values).map((term) => this.cipher.blindIndex(term));
    await this.clients.replaceSearchTerms(em, client.id, client.clinicId, hashes);
  }

  private async rebuild(em: EntityManager, ids: string[]): Promise<void> {
    for (const client of await this.clients.findByIdsWithin(em, ids)) {
      const nationalId = this.cipher.openOptional(client.nationalId);
      await this.clients.setNationalIdHash(em, client.id, nationalId ? this.cipher.blindIndex(`nid:${nationalId}`) : null);
      await this.write(em, client, {
        givenName: this.cipher.open(client.givenName),
        familyName: this.cipher.open(client.familyName),
        phone: this.cipher.openOptional(client.phone),
        nationalId,
      });
    }
  }
}
