import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ClinicDto } from '@tongban/clinics';
import { AuditActor, AuditEntry, AuditService, Clock, DomainEvents } from '@tongban/platform';
import { DataSource } from 'typeorm';
import type { ClientLeftTreatment } from './client-events';
import { ClientsRepository } from './clients.repository';
import { DROPOUT_RULE, type DropoutRule } from './dropout-rule';

/** How long the dispensing window's list trusts its last check of a clinic's due drop-outs within one clinic day. */
const WINDOW_DROPOUT_RECHECK_MS = 60_000;

/** The actor of what the system does by rule (a drop-out settled on a read): no staff member, no role. */
const SYSTEM_ACTOR: AuditActor = { staffId: null, role: null, requestId: null };

/**
 * Drop-out settled by dosing's rule ({@link DropoutRule}): for the clients a
 * read found due, and for a whole clinic when its list asks or history was
 * imported. Every read of a client goes through it before it answers.
 */
@Injectable()
export class Dropouts {
  /** When the window's list last settled each clinic's due drop-outs, for which clinic day and threshold. */
  private readonly windowSettled = new Map<string, { stamp: string; at: number }>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: ClientsRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly events: DomainEvents,
    @Inject(DROPOUT_RULE) private readonly dropoutRule: DropoutRule,
  ) {}

  /**
   * Drop-out, found by the rule: the open episode ends on the last covered
   * day (or its first day, when no day was covered) with `dropout`, the
   * client reads `dropped_out`, and their pending reminders are cancelled
   * with it. One transaction for all of `clientIds` (usually none or one);
   * does nothing for a client settled already or no longer due. Written as
   * the system ({@link SYSTEM_ACTOR}): a rule ends the episode, not whoever
   * happened to read the client.
   */
  async settle(clientIds: string[]): Promise<void> {
    const rule = this.dropoutRule;
    if (clientIds.length === 0) return;
    await this.dataSource.transaction(async (em) => {
      const settled = await this.repository.settleDropouts(em, clientIds, rule, this.clock.now());
      const entries: AuditEntry[] = [];
      for (const dropout of settled) {
        const left: ClientLeftTreatment = { type: 'client.left_treatment', clientId: dropout.clientId };
        const consequences = await this.events.publish(em, left);
        entries.push({
          action: 'episode.dropout',
          clinicId: dropout.clinicId,
          clientId: dropout.clientId,
          targetType: 'treatment_episode',
          targetId: dropout.episodeId,
          grounds: 'role',
          details: { endDate: dropout.endDate, ...consequences },
        });
      }
      await this.audit.recordMany(em, SYSTEM_ACTOR, entries);
    });
  }

  /**
   * Settles the clinic's due drop-outs before the window lists its clients.
   * A drop-out falls due when the clinic day turns (or the threshold is
   * lowered), or when a dose is voided (which says so through
   * {@link dropoutsMayBeDue}) or history imported (which settles them itself,
   * {@link settleDueDropoutsOf}); between those the check over every open
   * episode of the clinic is repeated at most every {@link WINDOW_DROPOUT_RECHECK_MS}.
   * Reading one client settles that client at once, whatever this says.
   * `recheck`: check now, whenever the last check was.
   */
  async settleClinic(clinic: ClinicDto, recheck = false): Promise<void> {
    const now = this.clock.now().getTime();
    const stamp = `${this.clock.today(clinic.timeZone)}|${clinic.settings.dropoutDays}`;
    const last = this.windowSettled.get(clinic.id);
    if (!recheck && last && last.stamp === stamp && now >= last.at && now - last.at < WINDOW_DROPOUT_RECHECK_MS) return;
    await this.settle(await this.repository.dueDropoutsInClinic(clinic.id, this.dropoutRule, new Date(now)));
    this.windowSettled.set(clinic.id, { stamp, at: now });
  }

  /**
   * A change that can make many of the clinic's drop-outs due (imported
   * history): settles them now, for the whole clinic, so the list read after
   * it has nothing to settle and need not check again within the minute.
   */
  async settleDueDropoutsOf(clinic: ClinicDto): Promise<void> {
    // Should the check fail, the next list checks again.
    this.dropoutsMayBeDue(clinic.id);
    await this.settleClinic(clinic, true);
  }

  /** A change that can make drop-outs of the clinic due within the day (a voided dose): the next list checks again. */
  dropoutsMayBeDue(clinicId: string): void {
    this.windowSettled.delete(clinicId);
  }
}
