import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { hasConsentSql } from '@tongban/clients';
import { sql, Sql } from '@tongban/platform';
import { DataSource } from 'typeorm';

/** A client whose research consent is in force: the sealed date of birth is opened by the service, never leaves it. */
export interface ConsentingClientRow {
  id: string;
  sealedDateOfBirth: string;
  sex: string;
  status: string;
}

export interface EpisodeRow {
  clientId: string;
  episode: number;
  startDay: number;
  lengthDays: number | null;
  endReason: string | null;
}

export interface DosingWeekRow {
  clientId: string;
  episode: number;
  week: number;
  observedDoses: number;
  takeHomeDoses: number;
  takeHomeDays: number;
  totalMg: number;
}

export interface AttendanceRow {
  clientId: string;
  episode: number;
  day: number;
  status: string;
  absenceReason: string | null;
}

export interface FamilyInteractionRow {
  clientId: string;
  episode: number;
  day: number;
  channel: string;
  initiatedBy: string;
}

export interface AssessmentRow {
  clientId: string;
  episode: number;
  day: number;
  instrument: string;
  total: number;
  band: string | null;
}

export interface DrugTestRow {
  clientId: string;
  episode: number;
  day: number;
  observed: boolean;
  refused: boolean;
  positiveOpiate: boolean;
  /** Substance → result. */
  results: Record<string, string> | null;
}

/**
 * The research export's reads: set-based over a clinic's clients with the
 * research consent in force, each record placed in the client's episode it
 * falls in (the latest that began on or before its date) and dated in days
 * from that episode's start. No free text, no names, no codes are selected.
 */
@Injectable()
export class ResearchExportRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  consentingClients(clinicId: string, today: string): Promise<ConsentingClientRow[]> {
    return sql`SELECT cl.id, cl.date_of_birth AS sealed_date_of_birth, cl.sex, cl.status
                 FROM client cl
                WHERE cl.clinic_id = ${clinicId}::uuid
                  AND ${hasConsentSql(sql`cl.id`, 'research', sql`${today}::date`)}
                ORDER BY cl.id`.rows<ConsentingClientRow>(this.dataSource);
  }

  episodes(clientIds: string[]): Promise<EpisodeRow[]> {
    return sql`WITH ep AS (${numberedEpisodes(clientIds)})
               SELECT ep.client_id, ep.n AS episode, (ep.start_date - f.start_date) AS start_day,
                      (ep.end_date - ep.start_date) AS length_days, ep.end_reason
                 FROM ep JOIN ep f ON f.client_id = ep.client_id AND f.n = 1
                ORDER BY ep.client_id, ep.n`.rows<EpisodeRow>(this.dataSource);
  }

  dosingWeeks(clientIds: string[]): Promise<DosingWeekRow[]> {
    return sql`WITH ep AS (${numberedEpisodes(clientIds)})
               SELECT v.client_id, e.n AS episode, ((v.clinic_day - e.start_date) / 7) AS week,
                      (count(*) FILTER (WHERE v.kind = 'observed'))::int AS observed_doses,
                      (count(*) FILTER (WHERE v.kind = 'take_home'))::int AS take_home_doses,
                      (COALESCE(sum(v.covers_days) FILTER (WHERE v.kind = 'take_home'), 0))::int AS take_home_days,
                      (sum(v.dose_mg))::float8 AS total_mg
                 FROM dosing_visit v ${episodeOf(sql`v.client_id`, sql`v.clinic_day`)}
                WHERE v.client_id = ANY(${sql.uuids(clientIds)}) AND v.voided_at IS NULL
                GROUP BY v.client_id, e.n, week
                ORDER BY v.client_id, e.n, week`.rows<DosingWeekRow>(this.dataSource);
  }

  attendance(clientIds: string[]): Promise<AttendanceRow[]> {
    return sql`WITH ep AS (${numberedEpisodes(clientIds)})
               SELECT a.client_id, e.n AS episode, (a.meeting_date - e.start_date) AS day, a.status, a.reason AS absence_reason
                 FROM peer_attendance a ${episodeOf(sql`a.client_id`, sql`a.meeting_date`)}
                WHERE a.client_id = ANY(${sql.uuids(clientIds)})
                ORDER BY a.client_id, a.meeting_date, a.status`.rows<AttendanceRow>(this.dataSource);
  }

  familyInteractions(clientIds: string[]): Promise<FamilyInteractionRow[]> {
    return sql`WITH ep AS (${numberedEpisodes(clientIds)})
               SELECT i.client_id, e.n AS episode, (i.date - e.start_date) AS day, i.channel, i.initiated_by
                 FROM family_interaction i ${episodeOf(sql`i.client_id`, sql`i.date`)}
                WHERE i.client_id = ANY(${sql.uuids(clientIds)})
                ORDER BY i.client_id, i.date, i.channel`.rows<FamilyInteractionRow>(this.dataSource);
  }

  assessments(clientIds: string[]): Promise<AssessmentRow[]> {
    return sql`WITH ep AS (${numberedEpisodes(clientIds)})
               SELECT s.client_id, e.n AS episode, (s.date - e.start_date) AS day, s.instrument, s.total, s.band
                 FROM assessment s ${episodeOf(sql`s.client_id`, sql`s.date`)}
                WHERE s.client_id = ANY(${sql.uuids(clientIds)})
                ORDER BY s.client_id, s.date, s.instrument`.rows<AssessmentRow>(this.dataSource);
  }

  drugTests(clientIds: string[]): Promise<DrugTestRow[]> {
    return sql`WITH ep AS (${numberedEpisodes(clientIds)})
               SELECT t.client_id, e.n AS episode, (t.date - e.start_date) AS day, t.observed, t.refused, t.positive_opiate,
                      (SELECT jsonb_object_agg(r.substance, r.result) FROM drug_test_result r WHERE r.test_id = t.id) AS results
                 FROM drug_test t ${episodeOf(sql`t.client_id`, sql`t.date`)}
                WHERE t.client_id = ANY(${sql.uuids(clientIds)})
                ORDER BY t.client_id, t.date, t.recorded_at`.rows<DrugTestRow>(this.dataSource);
  }

  async projectSecret(name: string, sealedIfNew: string): Promise<{ id: string; secret: string }> {
    // Two first exports at once keep the first secret.
    await sql`INSERT INTO research_project (name, secret) VALUES (${name}, ${sealedIfNew})
              ON CONFLICT (name) DO NOTHING`.execute(this.dataSource);
    return sql`SELECT id, secret FROM research_project WHERE name = ${name}`.one<{ id: string; secret: string }>(this.dataSource);
  }
}

/** The clients' episodes numbered from 1 in order of their start. */
function numberedEpisodes(clientIds: string[]): Sql {
  return sql`SELECT te.client_id, te.start_date, te.end_date, te.end_reason,
                    (row_number() OVER (PARTITION BY te.client_id ORDER BY te.start_date, te.id))::int AS n
               FROM treatment_episode te
              WHERE te.client_id = ANY(${sql.uuids(clientIds)})`;
}

/** Joins `e`, the episode (of `ep`) a record of the client on `day` falls in: the latest begun on or before it. */
function episodeOf(clientId: Sql, day: Sql): Sql {
  return sql`JOIN LATERAL (SELECT ep.n, ep.start_date FROM ep
                            WHERE ep.client_id = ${clientId} AND ep.start_date <= ${day}
                            ORDER BY ep.start_date DESC LIMIT 1) e ON true`;
}
