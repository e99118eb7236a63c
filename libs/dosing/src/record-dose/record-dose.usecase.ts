import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ClientAccess } from '@tongban/clients';
import {
  actorOf,
  addDays,
  AuditService,
  Caller,
  Clock,
  FieldCipher,
  isUniqueViolation,
  PlatformException,
  PreparedStatements,
  clientAuditEntry,
} from '@tongban/platform';
import { DataSource } from 'typeorm';
import { DosingErrorCode, DosingException } from '../dosing.exception';
import { DosingRepository, ObservedPart, OrderInForce } from '../dosing.repository';
import { retitrationDay, takeHomeRefusal } from '../dosing-rules';
import { dispensingClinicOf, doseDto, DosingService } from '../dosing.service';
import { DoseDto, RecordDoseDto } from '../dto/dose.dto';

/** How far back a dose may be entered. */
export const BACKDATE_DAYS = 7;

/** How far around a dispense's day the take-home rule reads doses: every dose that may share a 7-day window with its days. */
const TAKE_HOME_REACH = 13;

/** The most observed parts a day has (a split order's two). */
const MAX_PARTS = 2;

/**
 * Records a dose at the window, with every rule of the clinic: one observed
 * dose a clinic day (two parts of a split order), never above the order, a
 * reason for less, an assessment after missed days, no dose while the order
 * is suspended or the client is out of treatment.
 *
 * The rules read the client's day in one statement; an observed dose and its
 * audit event are written in one more, which commits both or neither. A
 * take-home dispense is checked and written under the client's lock
 * (dispenseTakeHome). Two windows giving one client an observed dose at once need no lock: the observed parts' unique index
 * (client, day, part) lets only one of them write a part, the other gets
 * DOSE_ALREADY_GIVEN (or, under a split order, the rules look again and it
 * writes the next part), and a part's dose never changes once written, so
 * the split order's sum holds. Every other rule reads coverage, which only
 * grows: a dose written meanwhile can only lessen the missed days a rule saw.
 */
@Injectable()
export class RecordDoseUseCase {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly prepared: PreparedStatements,
    private readonly dosing: DosingRepository,
    private readonly dosingService: DosingService,
    private readonly cipher: FieldCipher,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async execute(caller: Caller, clientId: string, dto: RecordDoseDto): Promise<DoseDto> {
    // What the dispensing window does: open to a host clinic's window for a guest of the day too (guest dosing).
    // The client's day is read in the access policy's statement.
    const { access, day: dosingDay } = await this.dosingService.accessAndDay(caller, clientId, 'window', 'clinical_act', dto.clinicDay);
    if (dto.kind === 'take_home' && dto.coversDays === undefined) {
      throw PlatformException.validation([{ field: 'coversDays', message: 'coversDays is required for a take_home dispense' }]);
    }
    if (dto.kind === 'observed' && dto.coversDays !== undefined) {
      throw PlatformException.validation([{ field: 'coversDays', message: 'coversDays belongs to take_home dispenses only' }]);
    }
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
    if (position.gate.orderSuspended) {
      throw new DosingException(
        DosingErrorCode.ORDER_SUSPENDED,
        `${position.missed} days were missed: a physician must write an order effective on or after ${retitrationDay(position.lastCovered, position.episodeStart, dosingDay.registeredOn, position.thresholds)}.`,
      );
    }
    if (position.gate.assessmentRequired && !dto.assessmentNote) {
      throw new DosingException(
        DosingErrorCode.ASSESSMENT_REQUIRED,
        `${position.missed} days were missed: record the assessment (assessmentNote).`,
      );
    }
    if (dto.kind === 'take_home') {
      this.checkTakeHome(order, dto);
      return this.dispenseTakeHome(caller, access, day, order, dto);
    }
    let given = dosingDay.observed;
    for (let attempt = 1; ; attempt += 1) {
      const part = this.checkObserved(order, dto, given);
      const { statement, visit } = this.dosing.visitInsert({
        clientId,
        clinicId: access.client.clinicId,
        dispensingClinicId: dispensingClinicOf(access),
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
      const entry = {
        ...clientAuditEntry(access, 'dose.record', { kind: dto.kind, clinicDay: day, doseMg: dto.doseMg, part }),
        targetType: 'dosing_visit',
        targetId: visit.id,
      };
      try {
        if (entry.alsoClinicId) {
          // A guest's dose: its event goes into the host clinic's chain too, in the dose's transaction.
          await this.dataSource.transaction((em) => this.audit.recordWithChange(em, statement, actorOf(caller), entry));
        } else {
          await this.audit.recordWithChange(this.prepared, statement, actorOf(caller), entry);
        }
        return doseDto(visit);
      } catch (error) {
        if (!isUniqueViolation(error) || attempt >= MAX_PARTS) {
          throw isUniqueViolation(error) ? alreadyGiven() : error;
        }
        // Another window wrote this part first: the rules look again at the parts now written (a split order's next may be free).
        given = await this.dosing.observedOn(clientId, day);
      }
    }
  }

  /**
   * A take-home dispense: in one transaction, the client's advisory lock,
   * the take-home rule over the live doses around the day
   * ({@link takeHomeRefusal}: one dispense a day, no day covered twice, the
   * order's days in any 7-day window), then the dispense and its audit
   * event. Concurrent dispenses for one client take turns through the lock;
   * the partial unique index (one live dispense per client and day) stands
   * behind it.
   */
  private async dispenseTakeHome(
    caller: Caller,
    access: ClientAccess,
    day: string,
    order: OrderInForce,
    dto: RecordDoseDto,
  ): Promise<DoseDto> {
    const coversDays = dto.coversDays ?? 0;
    const { statement, visit } = this.dosing.visitInsert({
      clientId: access.client.id,
      clinicId: access.client.clinicId,
      dispensingClinicId: dispensingClinicOf(access),
      clinicDay: day,
      doseMg: dto.doseMg,
      kind: 'take_home',
      part: 1,
      coversDays,
      orderId: order.id,
      reason: this.cipher.sealOptional(dto.reason),
      assessmentNote: this.cipher.sealOptional(dto.assessmentNote),
      recordedBy: caller.staffId,
      recordedAt: this.clock.now(),
    });
    try {
      await this.dataSource.transaction(async (em) => {
        await this.dosing.lockClientDosing(em, access.client.id);
        const doses = await this.dosing.liveDosesBetween(
          em,
          access.client.id,
          addDays(day, -TAKE_HOME_REACH),
          addDays(day, TAKE_HOME_REACH),
        );
        const refusal = takeHomeRefusal(doses, day, coversDays, order.takeHomeDaysPerWeek);
        if (refusal?.code === 'already_given') {
          throw new DosingException(DosingErrorCode.DOSE_ALREADY_GIVEN, 'A take-home dispense is recorded for this clinic day already.');
        }
        if (refusal?.code === 'overlap') {
          throw new DosingException(DosingErrorCode.TAKE_HOME_NOT_ALLOWED, `${refusal.day} is covered already.`);
        }
        if (refusal?.code === 'weekly_limit') {
          throw new DosingException(
            DosingErrorCode.TAKE_HOME_NOT_ALLOWED,
            `The order allows ${order.takeHomeDaysPerWeek} take-home days in any 7 days; the week from ${refusal.from} would have more.`,
          );
        }
        await this.audit.recordWithChange(em, statement, actorOf(caller), {
          ...clientAuditEntry(access, 'dose.record', { kind: 'take_home', clinicDay: day, doseMg: dto.doseMg, coversDays }),
          targetType: 'dosing_visit',
          targetId: visit.id,
        });
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new DosingException(DosingErrorCode.DOSE_ALREADY_GIVEN, 'A take-home dispense is recorded for this clinic day already.');
      }
      throw error;
    }
    return doseDto(visit);
  }

  /** The clinic day a dose is for (today by default) is at most {@link BACKDATE_DAYS} back, never ahead. */
  private checkClinicDay(today: string, day: string): void {
    if (day > today)
      throw PlatformException.validation([{ field: 'clinicDay', message: 'clinicDay must not lie in the future', key: 'future' }]);
    if (day < addDays(today, -BACKDATE_DAYS)) {
      throw PlatformException.validation([{ field: 'clinicDay', message: `clinicDay may be at most ${BACKDATE_DAYS} days back` }]);
    }
  }

  /** The part number of an observed dose, if the rules allow it. */
  private checkObserved(order: OrderInForce, dto: RecordDoseDto, given: ObservedPart[]): number {
    const parts = order.splitDose ? MAX_PARTS : 1;
    if (given.length >= parts) throw alreadyGiven();
    const total = given.reduce((sum, part) => sum + part.doseMg, 0) + dto.doseMg;
    if (total > order.doseMg) {
      throw new DosingException(DosingErrorCode.DOSE_EXCEEDS_ORDER, `The order is ${order.doseMg} mg a day; this would give ${total} mg.`);
    }
    const last = given.length + 1 === parts;
    if (last && total < order.doseMg && !dto.reason) {
      throw new DosingException(DosingErrorCode.REASON_REQUIRED, `Less than the ordered ${order.doseMg} mg: give a reason.`);
    }
    // The first part number no live part holds (a voided part's number is free again).
    return [1, 2].find((number) => !given.some((part) => part.part === number))!;
  }

  /** The order's own limits on a take-home dispense (days per dispense, dose); the rule over other doses is {@link takeHomeRefusal}. */
  private checkTakeHome(order: OrderInForce, dto: RecordDoseDto): void {
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
  }
}

function alreadyGiven(): DosingException {
  return new DosingException(DosingErrorCode.DOSE_ALREADY_GIVEN, 'The observed dose of this clinic day is recorded already.');
}
