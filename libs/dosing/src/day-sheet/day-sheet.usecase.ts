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
 * it gave on the clinic day (voided ones marked), with the client's code
 * and name (a guest's: the code and the home clinic's code only), and the totals of methadone dispensed for the stock count
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
    const clinic = await this.clinics.callersClinic(caller);
    const date = query.date ?? this.clock.today(clinic.timeZone);
    const visits = await this.dosing.visitsOfClinicDay(clinic.id, date);
    const [identities, names] = await Promise.all([
      this.clients.identitiesOf(clinic.id, [...new Set(visits.filter((visit) => visit.guestCode === null).map((visit) => visit.clientId))]),
      this.staff.displayNames(visits.flatMap((visit) => (visit.recordedBy ? [visit.recordedBy] : []))),
    ]);
    const doses: DaySheetDoseDto[] = visits.flatMap((visit): DaySheetDoseDto[] => {
      const item = { ...doseListItem(this.cipher, visit, names), clientId: visit.clientId };
      if (visit.guestCode !== null) {
        // A guest's dose given here: the client's code and the home clinic's, nothing more.
        const guest = { homeClinicCode: visit.homeClinicCode ?? '' };
        return [{ ...item, code: visit.guestCode, givenName: null, familyName: null, preferredName: null, guest }];
      }
      const client = identities.get(visit.clientId);
      if (!client) return [];
      return [
        {
          ...item,
          code: client.code,
          givenName: client.givenName,
          familyName: client.familyName,
          preferredName: client.preferredName,
          guest: null,
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
    // Guests' doses are a read across clinics: each home clinic's chain records it too, naming its clients shown.
    const guestsByHome = new Map<string, string[]>();
    for (const visit of visits) {
      if (visit.guestCode !== null) guestsByHome.set(visit.homeClinicId, [...(guestsByHome.get(visit.homeClinicId) ?? []), visit.clientId]);
    }
    await this.dataSource.transaction(async (em) => {
      await this.audit.record(em, actorOf(caller), {
        action: 'dosing.day_sheet',
        clinicId: clinic.id,
        clientId: null,
        targetType: 'clinic',
        targetId: clinic.id,
        grounds: 'role',
        details: { date, format, clientIds: [...new Set(doses.map((dose) => dose.clientId))] },
      });
      for (const [home, clientIds] of guestsByHome) {
        await this.audit.recordList(em, actorOf(caller), {
          action: 'dosing.day_sheet',
          clinicId: home,
          clientIds,
          grounds: 'guest_dosing',
          targetType: 'clinic',
          targetId: clinic.id,
          details: { date, format, host: clinic.id },
        });
      }
    });
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
