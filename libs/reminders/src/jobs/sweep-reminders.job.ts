import { Inject, Injectable } from '@nestjs/common';
import { type AppLogger, AppLoggerToken, Clock } from '@tongban/platform';
import { JobHandler } from '@tongban/platform/queue/job-registry';
import { JobName } from '@tongban/platform/queue/queue-names';
import { SweepsRepository } from '../delivery/sweeps.repository';

export interface SweepCounts {
  missedDose: number;
  familyOutreach: number;
  consentExpiry: number;
  meeting: number;
}

/**
 * `sweep-reminders`: creates the reminders that follow from the records of
 * other areas (missed doses, family outreach, consents about to end,
 * meetings tomorrow). Idempotent: each reminder has a dedupe key.
 */
@Injectable()
export class SweepRemindersJob implements JobHandler<JobName.SweepReminders> {
  readonly jobName = JobName.SweepReminders;

  constructor(
    private readonly sweeps: SweepsRepository,
    private readonly clock: Clock,
    @Inject(AppLoggerToken) private readonly logger: AppLogger,
  ) {}

  async handle(): Promise<void> {
    await this.run();
  }

  async run(): Promise<SweepCounts> {
    const now = this.clock.now();
    const counts: SweepCounts = {
      missedDose: await this.sweeps.missedDoses(now),
      familyOutreach: await this.sweeps.familyOutreach(now),
      consentExpiry: await this.sweeps.consentExpiry(now),
      meeting: await this.sweeps.meetings(now),
    };
    this.logger.info({ ...counts }, 'reminder sweep');
    return counts;
  }
}
