import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClientsModule } from '@tongban/clients';
import { FamilyContact } from './entities/family-contact.entity';
import { FamilyInteraction } from './entities/family-interaction.entity';

/** A client's family and other natural supports, and the clinic's interactions with them. */
@Module({
  imports: [TypeOrmModule.forFeature([FamilyContact, FamilyInteraction]), ClientsModule],
  controllers: [],
  providers: [],
  exports: [],
})
export class FamilyModule {}
