import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClinicsModule } from '@tongban/clinics';
import { ResearchProject } from './entities/research-project.entity';
import { ResearchExportController } from './research-export.controller';
import { ResearchExportRepository } from './research-export.repository';
import { ResearchExportService } from './research-export.service';

/** The de-identified research export (`/exports/research`) and its projects' secrets. */
@Module({
  imports: [TypeOrmModule.forFeature([ResearchProject]), ClinicsModule],
  controllers: [ResearchExportController],
  providers: [ResearchExportService, ResearchExportRepository],
})
export class ResearchExportModule {}
