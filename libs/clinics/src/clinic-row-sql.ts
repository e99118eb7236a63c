import { sql, Sql } from '@tongban/platform';
import { ClinicDto } from './dto/clinic.dto';
import { Clinic } from './entities/clinic.entity';

/** A clinic's columns as `clinicJsonSql` gives them: JSON, its times as text. */
export type ClinicJson = Omit<Clinic, 'createdAt' | 'updatedAt'> & { createdAt: string; updatedAt: string };

/**
 * The clinic `clinicId` (a uuid expression) as one JSON value, NULL when there is none: the one read of a clinic's
 * row by id, for its own statement (`ClinicsRepository.findById`) and for a statement of another area that reads
 * the clinic beside its own rows (the session check reads the caller's clinic with their session).
 */
export function clinicJsonSql(clinicId: Sql): Sql {
  return sql`(SELECT json_build_object('id', k.id, 'code', k.code, 'name', k.name, 'timeZone', k.time_zone,
                     'missedDosesAssess', k.missed_doses_assess, 'missedDosesRetitrate', k.missed_doses_retitrate,
                     'dropoutDays', k.dropout_days, 'carePlanReviewDays', k.care_plan_review_days,
                     'quietHoursStart', k.quiet_hours_start, 'quietHoursEnd', k.quiet_hours_end,
                     'drugTestsPerMonth', k.drug_tests_per_month, 'createdAt', k.created_at, 'updatedAt', k.updated_at)
                FROM clinic k WHERE k.id = ${clinicId})`;
}

/** The clinic of a {@link clinicJsonSql} value. */
export function clinicOfJson(json: ClinicJson): Clinic {
  return { ...json, createdAt: new Date(json.createdAt), updatedAt: new Date(json.updatedAt) };
}

/**
 * The caller's clinic as read with their session (`Caller.clinic`): made by the session check, handed out by
 * `ClinicsService.callersClinic` so that a request does not read it again.
 */
export class CallersClinic {
  constructor(readonly clinic: ClinicDto) {}

  /** The caller's clinic of a {@link clinicJsonSql} value read with their session; none for a caller of no clinic. */
  static of(json: ClinicJson | null): CallersClinic | undefined {
    return json ? new CallersClinic(ClinicDto.from(clinicOfJson(json))) : undefined;
  }
}
