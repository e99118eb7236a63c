import { Injectable, StreamableFile } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ClientsService } from '@tongban/clients';
import { ClinicsService } from '@tongban/clinics';
import { actorOf, AuditService, Caller, Clock, FieldCipher, PlatformException } from '@tongban/platform';
import { StaffService } from '@tongban/staff';
import { DataSource } from 'typeorm';
import { DosingRepository } from '../dosing.repository';
import { doseListItem } from '../dosing.service';
import { daySheetCsv, daySheetLanguage, daySheetPdf } from './day-sheet-files';
import { DaySheetDoseDto, DaySheetDto, DaySheetQueryDto } from './day-sheet.dto';

/**
 * The day's dispensing record (发药登记) of the caller's clinic: every dose
 * recorded on the clinic day (voided ones marked), with the client's code
 * and name, and the totals of methadone dispensed for the stock count
 * (voided doses excluded). JSON, CSV or a printable PDF; the read is one
 * audit event naming the clients shown.
 */
@Injectable()
export class DaySheetUseCase {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly dosing: DosingRepository,
    private readonly clients: ClientsService,
    private readonly clinics: ClinicsService,
    private readonly staff: StaffService,
    private readonly cipher: FieldCipher,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async execute(caller: Caller, query: DaySheetQueryDto, acceptLanguage?: string): Promise<DaySheetDto | StreamableFile> {
    if (!caller.clinicId) throw PlatformException.forbidden();
    const clinic = await this.clinics.requireClinic(caller.clinicId);
    const date = query.date ?? this.clock.today(clinic.timeZone);
    const visits = await this.dosing.visitsOfClinicDay(clinic.id, date);
    const [identities, names] = await Promise.all([
      this.clients.identitiesOf(clinic.id, [...new Set(visits.map((visit) => visit.clientId))]),
      this.staff.displayNames(visits.flatMap((visit) => (visit.recordedBy ? [visit.recordedBy] : []))),
    ]);
    const doses: DaySheetDoseDto[] = visits.flatMap((visit) => {
      const client = identities.get(visit.clientId);
      if (!client) return [];
      return [
        {
          ...doseListItem(this.cipher, visit, names),
          clientId: visit.clientId,
          code: client.code,
          givenName: client.givenName,
          familyName: client.familyName,
          preferredName: client.preferredName,
        },
      ];
    });
    const live = doses.filter((dose) => !dose.voided);
    const observedMg = sum(live.filter((dose) => dose.kind === 'observed').map((dose) => dose.doseMg));
    const takeHomeMg = sum(live.filter((dose) => dose.kind === 'take_home').map((dose) => dose.doseMg * dose.coversDays));
    const sheet: DaySheetDto = {
      date,
      doses,
      totals: { doses: live.length, observedMg, takeHomeMg, totalMg: round(observedMg + takeHomeMg) },
    };

    const format = query.format ?? 'json';
    await this.dataSource.transaction((em) =>
      this.audit.record(em, actorOf(caller), {
        action: 'dosing.day_sheet',
        clinicId: clinic.id,
        clientId: null,
        targetType: 'clinic',
        targetId: clinic.id,
        grounds: 'role',
        details: { date, format, clientIds: [...new Set(doses.map((dose) => dose.clientId))] },
      }),
    );
    if (format === 'json') return sheet;
    const lang = daySheetLanguage(query.lang, acceptLanguage);
    const name = `day-sheet-${clinic.code}-${date}.${format}`;
    const body = format === 'csv' ? daySheetCsv(sheet, lang, clinic.timeZone) : await daySheetPdf(sheet, clinic, lang, clinic.timeZone);
    return new StreamableFile(body, {
      type: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/pdf',
      disposition: `attachment; filename="${name}"`,
      length: body.length,
    });
  }
}

function sum(values: number[]): number {
  return round(values.reduce((total, value) => total + value, 0));
}

/** mg to the 0.1 the records hold (sums of decimals drift in floating point). */
function round(mg: number): number {
  return Math.round(mg * 10) / 10;
}
