import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { ClientsService } from '@tongban/clients';
import { ClinicsService } from '@tongban/clinics';
import { actorOf, AuditService, Caller, Clock, FieldError, PlatformErrorCode, PlatformException } from '@tongban/platform';
import { parse } from 'csv-parse';
import { DataSource, EntityManager } from 'typeorm';

export const CSV_HEADER = ['client_code', 'clinic_day', 'dose_mg', 'kind'];
/** Rows go to the database in batches of this many. */
const BATCH = 1000;
/** A file may hold at most this many rows. */
export const MAX_ROWS = 2_000_000;
/** At most this many failing rows are listed in the answer. */
const MAX_LISTED = 100;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

interface StagedRow {
  row: number;
  clientId: string;
  day: string;
  doseMg: number;
  kind: 'observed' | 'take_home';
}

export class ImportedDto {
  @ApiProperty({ description: 'How many rows were imported.' }) imported!: number;
}

function realDate(value: string): boolean {
  return DATE.test(value) && new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value;
}

/**
 * Imports dosing history from CSV (`client_code,clinic_day,dose_mg,kind`):
 * all rows or none. The file is streamed: each row is checked as it arrives
 * and written in batches to a staging table inside one transaction; checks
 * across rows (one observed dose per client and day, also against what is
 * recorded already) run in SQL. Then the rows become dosing visits and
 * drop-out gaps in the history end episodes and start new ones.
 *
 * A `take_home` row says that day's dose was taken at home: it is stored as a
 * take-home dispense on the day before, covering that day.
 */
@Injectable()
export class ImportHistoryUseCase {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clients: ClientsService,
    private readonly clinics: ClinicsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async execute(caller: Caller, body: Readable): Promise<ImportedDto> {
    if (!caller.clinicId) throw PlatformException.forbidden();
    const clinic = await this.clinics.requireClinic(caller.clinicId);
    const today = this.clock.today(clinic.timeZone);
    const index = await this.clients.importIndex(clinic.id);
    const errors: FieldError[] = [];
    let failing = 0;
    const fail = (row: number, message: string): void => {
      failing += 1;
      if (errors.length < MAX_LISTED) errors.push({ field: `row ${row}`, message });
    };

    return this.dataSource.transaction(async (em) => {
      await em.query(
        `CREATE TEMP TABLE import_dose (row_no int NOT NULL, client_id uuid NOT NULL, clinic_day date NOT NULL, dose_mg numeric(6,1) NOT NULL, kind varchar(16) NOT NULL) ON COMMIT DROP`,
      );
      let staged: StagedRow[] = [];
      let rows = 0;
      const parser = body.pipe(parse({ skip_empty_lines: true, trim: true, max_record_size: 1024, relax_column_count: true }));
      let line = 0;
      for await (const record of parser as AsyncIterable<string[]>) {
        line += 1;
        if (line === 1) {
          if (record.join(',').toLowerCase() !== CSV_HEADER.join(',')) {
            throw PlatformException.validation([{ field: 'row 1', message: `the header must be ${CSV_HEADER.join(',')}` }]);
          }
          continue;
        }
        rows += 1;
        if (rows > MAX_ROWS) {
          throw new PlatformException(PlatformErrorCode.PAYLOAD_TOO_LARGE, `A history file may hold at most ${MAX_ROWS} rows; split it.`);
        }
        const row = line;
        if (record.length !== 4) {
          fail(row, `expected 4 columns, found ${record.length}`);
          continue;
        }
        const [code, day, dose, kind] = record;
        const client = index.get(code.toUpperCase());
        const doseMg = Number(dose);
        if (!client) fail(row, `no client with code ${code.slice(0, 40)} in this clinic`);
        else if (!realDate(day)) fail(row, 'clinic_day must be a date (YYYY-MM-DD)');
        else if (day > today) fail(row, 'clinic_day lies in the future');
        else if (day < client.intake) fail(row, `clinic_day is before the client's intake (${client.intake})`);
        else if (!/^\d{1,3}(\.\d)?$/.test(dose) || !(doseMg > 0 && doseMg <= 500))
          fail(row, 'dose_mg must be a number of mg above 0, at most 500');
        else if (kind !== 'observed' && kind !== 'take_home') fail(row, 'kind must be observed or take_home');
        else staged.push({ row, clientId: client.id, day, doseMg, kind });
        if (staged.length >= BATCH) {
          await stage(em, staged);
          staged = [];
        }
      }
      await stage(em, staged);
      if (line === 0) throw PlatformException.validation([{ field: 'row 1', message: `the header must be ${CSV_HEADER.join(',')}` }]);

      for (const duplicate of await em.query<Array<{ row_no: number; reason: string }>>(
        `SELECT row_no, 'a second observed dose for this client and day' AS reason FROM (
           SELECT row_no, row_number() OVER (PARTITION BY client_id, clinic_day ORDER BY row_no) AS n
             FROM import_dose WHERE kind = 'observed') numbered
          WHERE n > 1
         UNION ALL
         SELECT i.row_no, 'an observed dose is recorded for this client and day already'
           FROM import_dose i JOIN dosing_visit v ON v.client_id = i.client_id AND v.clinic_day = i.clinic_day AND v.kind = 'observed'
          WHERE i.kind = 'observed'
         ORDER BY row_no LIMIT ${MAX_LISTED + 1}`,
      )) {
        fail(duplicate.row_no, duplicate.reason);
      }
      if (failing > 0) {
        throw PlatformException.validation(
          errors.sort((a, b) => Number(a.field.slice(4)) - Number(b.field.slice(4))).slice(0, MAX_LISTED),
          `${failing} row(s) fail; nothing was imported.${failing > MAX_LISTED ? ` The first ${MAX_LISTED} are listed.` : ''}`,
        );
      }

      await em.query(
        `INSERT INTO dosing_visit (client_id, clinic_id, clinic_day, dose_mg, kind, part, covers_days, order_id, recorded_by)
         SELECT client_id, $1, CASE WHEN kind = 'observed' THEN clinic_day ELSE clinic_day - 1 END, dose_mg, kind, 1,
                CASE WHEN kind = 'observed' THEN 0 ELSE 1 END, NULL, $2
           FROM import_dose`,
        [clinic.id, caller.staffId],
      );
      const clientIds = (await em.query<Array<{ client_id: string }>>('SELECT DISTINCT client_id FROM import_dose')).map(
        (r) => r.client_id,
      );
      await this.followEpisodes(em, caller, clientIds, clinic.settings.dropoutDays);
      await this.audit.recordMany(
        em,
        actorOf(caller),
        clientIds.map((clientId) => ({
          action: 'dose.import',
          clinicId: clinic.id,
          clientId,
          targetType: 'client',
          targetId: clientId,
          grounds: 'role' as const,
        })),
      );
      return { imported: rows };
    });
  }

  /** Gaps of `dropoutDays` or more in a client's covered days end the open episode; the next dose starts a new one. */
  private async followEpisodes(em: EntityManager, caller: Caller, clientIds: string[], dropoutDays: number): Promise<void> {
    const starts = await this.clients.openEpisodeStarts(em, clientIds);
    if (starts.size === 0) return;
    const ids = [...starts.keys()];
    const gaps = await em.query<Array<{ client_id: string; ended: string; restarted: string }>>(
      `WITH seeds AS (SELECT * FROM unnest($1::uuid[], $2::date[]) AS s(client_id, start_date)),
            days AS (
              SELECT v.client_id, v.clinic_day AS day FROM dosing_visit v JOIN seeds s USING (client_id)
               WHERE v.kind = 'observed' AND v.clinic_day >= s.start_date
              UNION
              SELECT v.client_id, (v.clinic_day + g)::date FROM dosing_visit v JOIN seeds s USING (client_id), generate_series(1, v.covers_days) g
               WHERE v.kind = 'take_home' AND v.clinic_day + g >= s.start_date
              UNION
              SELECT client_id, start_date FROM seeds),
            ordered AS (SELECT client_id, day, lag(day) OVER (PARTITION BY client_id ORDER BY day) AS prev FROM days)
       SELECT client_id, to_char(prev, 'YYYY-MM-DD') AS ended, to_char(day, 'YYYY-MM-DD') AS restarted
         FROM ordered WHERE prev IS NOT NULL AND day - prev - 1 >= $3
        ORDER BY client_id, day`,
      [ids, ids.map((id) => starts.get(id)), dropoutDays],
    );
    for (const gap of gaps) await this.clients.restartAfterGap(em, caller, gap.client_id, gap.ended, gap.restarted);
  }
}

async function stage(em: EntityManager, rows: StagedRow[]): Promise<void> {
  if (rows.length === 0) return;
  const params: unknown[] = [];
  const values = rows.map(
    (row) =>
      `($${params.push(row.row)}, $${params.push(row.clientId)}, $${params.push(row.day)}, $${params.push(row.doseMg)}, $${params.push(row.kind)})`,
  );
  await em.query(`INSERT INTO import_dose (row_no, client_id, clinic_day, dose_mg, kind) VALUES ${values.join(', ')}`, params);
}
