import { ClinicsModule } from '@tongban/clinics';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClientsModule, ConsentModule } from '@tongban/clients';
import { FamilyContact } from './entities/family-contact.entity';
import { FamilyInteraction } from './entities/family-interaction.entity';
import { FamilyController } from './family.controller';
import { FamilyRepository } from './family.repository';
import { FamilyService } from './family.service';

/**
 * A client's family and other natural supports, and the clinic's interactions
 * with them; clients are reached through ClientsService, the clinic day and
 * the consent condition come from the consent area.
 */
@Module({
  imports: [TypeOrmModule.forFeature([FamilyContact, FamilyInteraction]), ClientsModule, ClinicsModule, ConsentModule],
  controllers: [FamilyController],
  providers: [FamilyRepository, FamilyService],
  exports: [FamilyService],
})
export class FamilyModule {}
