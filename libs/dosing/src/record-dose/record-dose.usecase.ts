import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ClientsService } from '@tongban/clients';
import { actorOf, AuditService, Caller, calendarDate, Clock, FieldCipher, isUniqueViolation, PlatformException } from '@tongban/platform';
import { DataSource } from 'typeorm';
import { addDays } from '../calendar';
import { DosingErrorCode, DosingException } from '../dosing.exception';
import { DosingRepository, OrderInForce } from '../dosing.repository';
import { retitrationDay } from '../dosing-rules';
import { doseDto, DosingService } from '../dosing.service';
import { DoseDto, RecordDoseDto } from '../dto/dose.dto';

/** How far back a dose may be entered. */
export const BACKDATE_DAYS = 7;

/**
 * Records a dose at the window, with every rule of the clinic: one observed
 * dose a clinic day (two parts of a split order), never above the order, a
 * reason for less, an assessment after missed days, no dose while the order
 * is suspended or the client is out of treatment. One transaction: the dose
 * and its audit event, under a per-client lock.
 */
@Injectable()
export class RecordDoseUseCase {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly dosing: DosingRepository,
    private readonly dosingService: DosingService,
    private readonly clients: ClientsService,
    private readonly cipher: FieldCipher,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async execute(caller: Caller, clientId: string, dto: RecordDoseDto): Promise<DoseDto> {
    const access = await this.clients.requireAccess(caller, clientId, 'dosing');
    if (dto.kind === 'take_home' && dto.coversDays === undefined) {
      throw PlatformException.validation([{ field: 'coversDays', message: 'coversDays is required for a take_home dispense' }]);
    }
    if (dto.kind === 'observed' && dto.coversDays !== undefined) {
      throw PlatformException.validation([{ field: 'coversDays', message: 'coversDays belongs to take_home dispenses only' }]);
    }
    const dosingDay = await this.dosingService.day(access, dto.clinicDay);
    this.checkClinicDay(dosingDay.today, dosingDay.day);
    const position = this.dosingService.position(access, dosingDay);
    if (!position || position.flag === 'dropped_out') {
      throw new DosingException(DosingErrorCode.CLIENT_NOT_ACTIVE, 'The client is not in treatment; readmit first.');
    }
    const day = position.clinicDay;
    if (day < position.episodeStart) {
      throw PlatformException.validation([
        { field: 'clinicDay', message: `clinicDay must not be before the episode began (${position.episodeStart})` },
      ]);
    }
    const order = dosingDay.order;
    if (!order) throw new DosingException(DosingErrorCode.NO_ACTIVE_ORDER, 'There is no dose order in force for this day.');
    if (
      position.flag === 'retitrate' &&
      calendarDate(order.createdAt, position.timeZone) < retitrationDay(position.lastCovered, position.episodeStart, position.thresholds)
    ) {
      throw new DosingException(
        DosingErrorCode.ORDER_SUSPENDED,
        `${position.missed} days were missed: a physician must write a new order first.`,
      );
    }
    if (position.flag !== 'ok' && !dto.assessmentNote) {
      throw new DosingException(
        DosingErrorCode.ASSESSMENT_REQUIRED,
        `${position.missed} days were missed: record the assessment (assessmentNote).`,
      );
    }
    try {
      return await this.dataSource.transaction(async (em) => {
        await this.dosing.lockClientDosing(em, clientId);
        const part =
          dto.kind === 'observed'
            ? this.checkObserved(order, dto, await this.dosing.observedOn(em, clientId, day))
            : this.checkTakeHome(order, dto);
        const visit = await this.dosing.insertVisit(em, {
          clientId,
          clinicId: access.client.clinicId,
          clinicDay: day,
          doseMg: dto.doseMg,
          kind: dto.kind,
          part,
          coversDays: dto.coversDays ?? 0,
          orderId: order.id,
          reason: this.cipher.sealOptional(dto.reason),
          assessmentNote: this.cipher.sealOptional(dto.assessmentNote),
          recordedBy: caller.staffId,
          recordedAt: this.clock.now(),
        });
        await this.audit.record(em, actorOf(caller), {
          ...this.clients.entry(access, 'dose.record', { kind: dto.kind, clinicDay: day, doseMg: dto.doseMg, part }),
          targetType: 'dosing_visit',
          targetId: visit.id,
        });
        return doseDto(visit);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw alreadyGiven();
      throw error;
    }
  }

  /** The clinic day a dose is for (today by default) is at most {@link BACKDATE_DAYS} back, never ahead. */
  private checkClinicDay(today: string, day: string): void {
    if (day > today) throw PlatformException.validation([{ field: 'clinicDay', message: 'clinicDay must not lie in the future' }]);
    if (day < addDays(today, -BACKDATE_DAYS)) {
      throw PlatformException.validation([{ field: 'clinicDay', message: `clinicDay may be at most ${BACKDATE_DAYS} days back` }]);
    }
  }

  /** The part number of an observed dose, if the rules allow it. */
  private checkObserved(order: OrderInForce, dto: RecordDoseDto, given: Array<{ doseMg: number }>): number {
    const parts = order.splitDose ? 2 : 1;
    if (given.length >= parts) throw alreadyGiven();
    const total = given.reduce((sum, visit) => sum + visit.doseMg, 0) + dto.doseMg;
    if (total > order.doseMg) {
      throw new DosingException(DosingErrorCode.DOSE_EXCEEDS_ORDER, `The order is ${order.doseMg} mg a day; this would give ${total} mg.`);
    }
    const last = given.length + 1 === parts;
    if (last && total < order.doseMg && !dto.reason) {
      throw new DosingException(DosingErrorCode.REASON_REQUIRED, `Less than the ordered ${order.doseMg} mg: give a reason.`);
    }
    return given.length + 1;
  }

  private checkTakeHome(order: OrderInForce, dto: RecordDoseDto): number {
    if ((dto.coversDays ?? 0) > order.takeHomeDaysPerWeek) {
      throw new DosingException(
        DosingErrorCode.TAKE_HOME_NOT_ALLOWED,
        `The order allows ${order.takeHomeDaysPerWeek} take-home days; this dispense covers ${dto.coversDays}.`,
      );
    }
    if (dto.doseMg > order.doseMg) {
      throw new DosingException(DosingErrorCode.DOSE_EXCEEDS_ORDER, `The order is ${order.doseMg} mg a day.`);
    }
    if (dto.doseMg < order.doseMg && !dto.reason) {
      throw new DosingException(DosingErrorCode.REASON_REQUIRED, `Less than the ordered ${order.doseMg} mg: give a reason.`);
    }
    return 1;
  }
}

function alreadyGiven(): DosingException {
  return new DosingException(DosingErrorCode.DOSE_ALREADY_GIVEN, 'The observed dose of this clinic day is recorded already.');
}
