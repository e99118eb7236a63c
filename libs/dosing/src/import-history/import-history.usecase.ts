import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Injectable, Logger } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { Dropouts, HistoryEpisodes } from '@tongban/clients';
import { ClinicsService } from '@tongban/clinics';
import {
  actorOf,
  AppConfig,
  AuditService,
  Caller,
  Clock,
  FieldError,
  PlatformErrorCode,
  PlatformException,
  Spool,
  spoolBody,
  sql,
} from '@tongban/platform';
import { copyIn, pgConnectionOf } from '@tongban/platform/database/copy-in';
import { parse } from 'csv-parse';
import { DataSource, EntityManager } from 'typeorm';
import { coveredDaysSql, registrationDaySql } from '../coverage-sql';

export const CSV_HEADER = ['client_code', 'clinic_day', 'dose_mg', 'kind'];
/** Rows go to the database in batches of this many (one COPY chunk, or one INSERT on PGlite). */
const BATCH = 1000;
/** A file may hold at most this many rows. */
export const MAX_ROWS = 2_000_000;
/** ... and at most this many bytes (a row takes about 40). */
export const MAX_BYTES = 256 * 1024 * 1024;
/** When an import refused because others run may try again (s). */
const RETRY_AFTER_SECONDS = 30;
/** At most this many failing rows are listed in the answer. */
const MAX_LISTED = 100;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** How long one statement of an import may run: a file of {@link MAX_ROWS} rows takes far longer than a request. */
const STATEMENT_TIMEOUT = '10min';

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
 *
 * The upload is read to its end into a private file first, and only then
 * does the import touch the database: a client that sends slowly or stalls
 * holds neither a pooled connection nor the embedded database's only one
 * while the network keeps it waiting. At most `IMPORT_CONCURRENCY` imports
 * run at once in a process (uploading or importing); more are refused with
 * 429 and `Retry-After`.
 */
/** The English reason of each row the file holds twice, or the clinic has already (the key is the web app's). */
const DUPLICATE_REASONS = {
  secondObserved: 'a second observed dose for this client and day',
  observedRecorded: 'an observed dose is recorded for this client and day already',
  secondTakeHome: 'a second take-home dose for this client and day',
  takeHomeRecorded: 'a take-home dispense is recorded for this client and day already',
} as const;
type DuplicateKey = keyof typeof DUPLICATE_REASONS;

/** The file's first line is not the header. */
const HEADER_ERROR: FieldError = {
  field: 'row 1',
  message: `the header must be ${CSV_HEADER.join(',')}`,
  key: 'header',
  limits: { header: CSV_HEADER.join(',') },
};

/** Why a row of the file fails, as the key of its field error (api.md: `key`, `limits`). */
type ImportRowKey = 'columns' | 'unknownClient' | 'date' | 'future' | 'beforeIntake' | 'doseRange' | 'oneOf' | DuplicateKey;

@Injectable()
export class ImportHistoryUseCase {
  private readonly logger = new Logger(ImportHistoryUseCase.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly history: HistoryEpisodes,
    private readonly dropouts: Dropouts,
    private readonly clinics: ClinicsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** Imports running in this process, uploads included. */
  private running = 0;

  async execute(caller: Caller, upload: Readable): Promise<ImportedDto> {
    if (!caller.clinicId) throw PlatformException.forbidden();
    if (this.running >= this.config.importConcurrency) {
      throw PlatformException.busy('Other dosing history imports are running; try again shortly.', RETRY_AFTER_SECONDS);
    }
    this.running += 1;
    let spool: Spool | undefined;
    let file: Readable | undefined;
    try {
      spool = await spoolBody(
        upload,
        join(this.config.dataDir, 'uploads'),
        MAX_BYTES,
        `A history file may be at most ${MAX_BYTES / 1024 / 1024} MiB; split it.`,
      );
      file = spool.open();
      return await this.importFile(caller, caller.clinicId, file);
    } finally {
      this.running -= 1;
      file?.destroy();
      await spool?.remove();
    }
  }

  private async importFile(caller: Caller, clinicId: string, body: Readable): Promise<ImportedDto> {
    const clinic = await this.clinics.requireClinic(clinicId);
    const today = this.clock.today(clinic.timeZone);
    const index = await this.history.importIndex(clinic.id);
    const errors: FieldError[] = [];
    let failing = 0;
    /** A failing row: the reason in English, and as a key (with its limits) the web app words in its user's language. */
    const fail = (row: number, key: ImportRowKey, message: string, limits?: FieldError['limits']): void => {
      failing += 1;
      if (errors.length < MAX_LISTED) errors.push({ field: `row ${row}`, message, key, ...(limits ? { limits } : {}) });
    };

    let rows = 0;
    let line = 0;
    /** The file's valid rows, checked as they arrive, in batches; failing rows are noted and left out. */
    const batches = async function* (): AsyncGenerator<StagedRow[]> {
      const parser = parse({ skip_empty_lines: true, trim: true, max_record_size: 1024, relax_column_count: true });
      // pipe() does not pass errors on: without this, a file that fails to read would leave the loop below (and the
      // transaction, and the COPY) waiting for the rest forever.
      body.once('error', (error) => parser.destroy(error));
      body.pipe(parser);
      let staged: StagedRow[] = [];
      for await (const record of parser as AsyncIterable<string[]>) {
        line += 1;
        if (line === 1) {
          if (record.join(',').toLowerCase() !== CSV_HEADER.join(',')) {
            throw PlatformException.validation([HEADER_ERROR]);
          }
          continue;
        }
        rows += 1;
        if (rows > MAX_ROWS) {
          throw new PlatformException(PlatformErrorCode.PAYLOAD_TOO_LARGE, `A history file may hold at most ${MAX_ROWS} rows; split it.`);
        }
        const row = line;
        if (record.length !== 4) {
          fail(row, 'columns', `expected 4 columns, found ${record.length}`, { expected: 4, found: record.length });
          continue;
        }
        const [code, day, dose, kind] = record;
        const client = index.get(code.toUpperCase());
        const doseMg = Number(dose);
        if (!client) fail(row, 'unknownClient', `no client with code ${code.slice(0, 40)} in this clinic`, { code: code.slice(0, 40) });
        else if (!realDate(day)) fail(row, 'date', 'clinic_day must be a date (YYYY-MM-DD)');
        else if (day > today) fail(row, 'future', 'clinic_day lies in the future');
        else if (day < client.intake)
          fail(row, 'beforeIntake', `clinic_day is before the client's intake (${client.intake})`, { intake: client.intake });
        else if (!/^\d{1,3}(\.\d)?$/.test(dose) || !(doseMg > 0 && doseMg <= 500))
          fail(row, 'doseRange', 'dose_mg must be a number of mg above 0, at most 500', { max: 500 });
        else if (kind !== 'observed' && kind !== 'take_home')
          fail(row, 'oneOf', 'kind must be observed or take_home', { values: ['observed', 'take_home'] });
        else staged.push({ row, clientId: client.id, day, doseMg, kind });
        if (staged.length >= BATCH) {
          yield staged;
          staged = [];
        }
      }
      if (staged.length > 0) yield staged;
    };

    const imported = await this.dataSource.transaction(async (em) => {
      // A large file's statements run longer than the pool's default limit (30 s) allows; this transaction only.
      // (set_config with is_local: SET LOCAL, which takes no parameter)
      await sql`SELECT set_config('statement_timeout', ${STATEMENT_TIMEOUT}, true)`.execute(em);
      await sql`CREATE TEMP TABLE import_dose (row_no int NOT NULL, client_id uuid NOT NULL, clinic_day date NOT NULL,
                                               dose_mg numeric(6,1) NOT NULL, kind varchar(16) NOT NULL) ON COMMIT DROP`.execute(em);
      // PostgreSQL: the rows stream into the staging table through COPY; embedded PGlite has no COPY FROM STDIN here, so batched inserts.
      const connection = await pgConnectionOf(em);
      if (connection) {
        await copyIn(connection, 'COPY import_dose (row_no, client_id, clinic_day, dose_mg, kind) FROM STDIN', copyText(batches()));
      } else {
        for await (const batch of batches()) await stage(em, batch);
      }
      if (line === 0) throw PlatformException.validation([HEADER_ERROR]);

      for (const duplicate of await sql`SELECT row_no, 'secondObserved' AS key FROM (
           SELECT row_no, row_number() OVER (PARTITION BY client_id, clinic_day ORDER BY row_no) AS n
             FROM import_dose WHERE kind = 'observed') numbered
          WHERE n > 1
         UNION ALL
         SELECT i.row_no, 'observedRecorded'
           FROM import_dose i JOIN dosing_visit v ON v.client_id = i.client_id AND v.clinic_day = i.clinic_day AND v.kind = 'observed' AND v.voided_at IS NULL
          WHERE i.kind = 'observed'
         UNION ALL
         SELECT row_no, 'secondTakeHome' FROM (
           SELECT row_no, row_number() OVER (PARTITION BY client_id, clinic_day ORDER BY row_no) AS n
             FROM import_dose WHERE kind = 'take_home') numbered
          WHERE n > 1
         UNION ALL
         SELECT i.row_no, 'takeHomeRecorded'
           FROM import_dose i JOIN dosing_visit v ON v.client_id = i.client_id AND v.clinic_day = i.clinic_day - 1 AND v.kind = 'take_home' AND v.voided_at IS NULL
          WHERE i.kind = 'take_home'
         ORDER BY row_no LIMIT ${MAX_LISTED + 1}`.rows<{ rowNo: number; key: DuplicateKey }>(em)) {
        fail(duplicate.rowNo, duplicate.key, DUPLICATE_REASONS[duplicate.key]);
      }
      if (failing > 0) {
        throw PlatformException.validation(
          errors.sort((a, b) => Number(a.field.slice(4)) - Number(b.field.slice(4))).slice(0, MAX_LISTED),
          `${failing} row(s) fail; nothing was imported.${failing > MAX_LISTED ? ` The first ${MAX_LISTED} are listed.` : ''}`,
        );
      }

      await this.reopenDropoutsOnEmptyRecords(em, caller);
      // In client and day order: the dosing_visit indexes that lead with the client then take the rows in sequence.
      await sql`INSERT INTO dosing_visit (client_id, clinic_id, dispensing_clinic_id, clinic_day, dose_mg, kind, part, covers_days, order_id, recorded_by)
                SELECT client_id, ${clinic.id}::uuid, ${clinic.id}::uuid, CASE WHEN kind = 'observed' THEN clinic_day ELSE clinic_day - 1 END, dose_mg, kind, 1,
                       CASE WHEN kind = 'observed' THEN 0 ELSE 1 END, NULL, ${caller.staffId}::uuid
                  FROM import_dose ORDER BY client_id, clinic_day`.execute(em);
      const clientIds = (await sql`SELECT DISTINCT client_id FROM import_dose`.rows<{ clientId: string }>(em)).map((r) => r.clientId);
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
    // The history decides who dropped out: settled here, for the whole clinic, so the first list after an import has none to settle.
    try {
      await this.dropouts.settleDueDropoutsOf(clinic);
    } catch (error) {
      // The history is in: the next list settles them instead.
      this.logger.warn(`settling drop-outs after an import failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    return imported;
  }

  /**
   * A client registered with a past intake and read before their history
   * came in dropped out on an empty record (missed days count from the
   * episode's start). That drop-out was only the absence of this history:
   * the episode is reopened, and the imported days decide what follows.
   */
  private async reopenDropoutsOnEmptyRecords(em: EntityManager, caller: Caller): Promise<void> {
    const staged = (await sql`SELECT DISTINCT client_id FROM import_dose`.rows<{ clientId: string }>(em)).map((r) => r.clientId);
    const dropouts = await this.history.dropoutsOnFirstDay(em, staged);
    if (dropouts.length === 0) return;
    const dosed = new Set(
      (
        await sql`SELECT DISTINCT d.client_id FROM unnest(${sql.uuids(dropouts.map((d) => d.clientId))}, ${dropouts.map((d) => d.startDate)}::date[]) AS d(client_id, start_date)
                    JOIN dosing_visit v ON v.client_id = d.client_id AND v.clinic_day >= d.start_date AND v.voided_at IS NULL`.rows<{
          clientId: string;
        }>(em)
      ).map((r) => r.clientId),
    );
    for (const dropout of dropouts.filter((d) => !dosed.has(d.clientId))) await this.history.reopenDropout(em, caller, dropout);
  }

  /** Gaps of `dropoutDays` or more in a client's covered days end the open episode; the next dose starts a new one. */
  private async followEpisodes(em: EntityManager, caller: Caller, clientIds: string[], dropoutDays: number): Promise<void> {
    const starts = await this.history.openEpisodeStarts(em, clientIds);
    if (starts.size === 0) return;
    const ids = [...starts.keys()];
    const gaps = await sql`WITH seeds AS (SELECT s.*, ${registrationDaySql(sql`s.client_id`)} AS registered_on
                       FROM unnest(${sql.uuids(ids)}, ${ids.map((id) => starts.get(id))}::date[]) AS s(client_id, start_date)),
            covered AS (
              SELECT c.client_id, c.day FROM (${coveredDaysSql(sql`v.client_id = ANY(${sql.uuids(ids)})`)}) c JOIN seeds s USING (client_id)
               WHERE c.day >= s.start_date),
            -- Before the first covered day, missed days count from the later of the start and the registration day
            -- (days on paper before it are not missed): that day is where the first gap starts.
            counted AS (
              SELECT s.client_id, s.start_date, LEAST(GREATEST(s.start_date, coalesce(s.registered_on, s.start_date)), min(k.day)) AS count_from
                FROM seeds s LEFT JOIN covered k USING (client_id) GROUP BY s.client_id, s.start_date, s.registered_on),
            days AS (
              SELECT client_id, day, TRUE AS is_covered FROM covered
              UNION ALL
              SELECT client_id, count_from, FALSE FROM counted),
            ordered AS (
              SELECT d.client_id, d.day, lag(d.day) OVER w AS prev, lag(d.is_covered) OVER w AS prev_covered, c.start_date
                FROM days d JOIN counted c USING (client_id)
              WINDOW w AS (PARTITION BY d.client_id ORDER BY d.day, d.is_covered))
       SELECT client_id, to_char(CASE WHEN prev_covered THEN prev ELSE start_date END, 'YYYY-MM-DD') AS ended,
              to_char(day, 'YYYY-MM-DD') AS restarted
         FROM ordered WHERE prev IS NOT NULL AND day - prev - 1 >= ${dropoutDays}::int
        ORDER BY client_id, day`.rows<{ clientId: string; ended: string; restarted: string }>(em);
    for (const gap of gaps) await this.history.restartAfterGap(em, caller, gap.clientId, gap.ended, gap.restarted);
  }
}

/**
 * Batches as COPY's text format, one chunk a batch. Every value was checked
 * above (a number, a uuid, a date, a number of mg, one of two words), so none
 * holds a tab, a newline or a backslash that would need escaping.
 */
async function* copyText(batches: AsyncIterable<StagedRow[]>): AsyncGenerator<string> {
  for await (const batch of batches) {
    let chunk = '';
    for (const row of batch) chunk += `${row.row}\t${row.clientId}\t${row.day}\t${row.doseMg}\t${row.kind}\n`;
    yield chunk;
  }
}

async function stage(em: EntityManager, rows: StagedRow[]): Promise<void> {
  const values = rows.map((row) => sql`(${row.row}, ${row.clientId}, ${row.day}, ${row.doseMg}, ${row.kind})`);
  await sql`INSERT INTO import_dose (row_no, client_id, clinic_day, dose_mg, kind) VALUES ${sql.join(values)}`.execute(em);
}
