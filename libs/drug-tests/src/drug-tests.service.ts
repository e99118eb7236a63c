import { randomBytes } from 'node:crypto';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ClinicDto, ClinicsService } from '@tongban/clinics';
import { ClientsService, VisibleInTreatment, WorklistEntry, WorklistRow, WorklistSources } from '@tongban/clients';
import {
  actorOf,
  AuditService,
  Caller,
  clientAuditEntry,
  Clock,
  decodePairCursor,
  DEFAULT_PAGE_SIZE,
  FieldCipher,
  FieldError,
  KeyRotation,
  PageQueryDto,
  pairKey,
  PlatformException,
  Role,
  sql,
  Sql,
  toPage,
} from '@tongban/platform';
import { DataSource } from 'typeorm';
import { DrugTestsRepository } from './drug-tests.repository';
import { CreateDrugTestDto } from './dto/create-drug-test.dto';
import { DrugTestDto, DrugTestDueDto, DrugTestDueItemDto, DrugTestPageDto } from './dto/drug-test.dto';
import { DrugTestsDueQueryDto } from './dto/drug-tests-due-query.dto';
import { DrugTestResult } from './entities/drug-test-result.entity';
import { DrugTest, OPIATES, SUBSTANCES } from './entities/drug-test.entity';
import { DueReason, dueOn, selectedTestDays } from './selection';

/** Test-day choices kept in memory at once (a few clinics' clients for a month or two). */
const MAX_SELECTIONS = 100_000;
/** The roles the due list serves (api.md: nurse, coordinator). */
const DUE_LIST_ROLES: ReadonlySet<Role> = new Set([Role.Nurse, Role.Coordinator]);

/**
 * Urine drug tests: recorded by the nurse, physician or the client's
 * counselor; the monthly random choice of test days (a keyed shuffle under a
 * per-clinic secret, never a stored schedule); the counselor's follow-up of a
 * positive opiate test or a refusal, and the nurse's tests due, on the worklist.
 */
@Injectable()
export class DrugTestsService implements OnModuleInit {
  /** Clinic secrets once opened: they never change, and each read of the due list needs one. */
  private readonly secrets = new Map<string, Buffer>();
  /**
   * The test days chosen for a client in a month, by clinic, month and tests a month, then by client: a choice never
   * changes (the secret does not), and the dispensing window's list asks it of every client shown on every read.
   */
  private readonly selections = new Map<string, Map<string, string[]>>();
  /** Choices kept in {@link selections}, all clinics and months together. */
  private selectionsKept = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tests: DrugTestsRepository,
    private readonly clients: ClientsService,
    private readonly clinics: ClinicsService,
    private readonly cipher: FieldCipher,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly keyRotation: KeyRotation,
    private readonly worklist: WorklistSources,
  ) {}

  onModuleInit(): void {
    this.keyRotation.register({ table: 'drug_test_key', columns: ['secret'] });
    this.worklist.register({
      kinds: ['drug_test_due', 'positive_test'],
      fragmentFor: (caller, day, clinic) => this.worklistFragment(caller, day, clinic),
      finish: (_caller, day, rows, clinic) => this.worklistItems(day, rows, clinic),
    });
  }

  async create(caller: Caller, clientId: string, dto: CreateDrugTestDto): Promise<DrugTestDto> {
    const access = await this.clients.requireAccess(caller, clientId, 'drug_tests', 'clinical_act');
    const [today, intake] = await Promise.all([this.clinics.today(access.client.clinicId, caller), this.clients.intakeOf(clientId)]);
    const refused = dto.refused ?? false;
    const results = dto.results ?? [];
    const errors: FieldError[] = [];
    if (dto.date > today) errors.push({ field: 'date', message: 'date must not lie in the future', key: 'future' });
    else if (intake !== null && dto.date < intake) errors.push({ field: 'date', message: 'date must not lie before the client’s intake' });
    if (refused && results.length > 0) errors.push({ field: 'results', message: 'a refused test has no results' });
    if (!refused && results.length === 0) errors.push({ field: 'results', message: 'give at least one result, or refused: true' });
    const twice = results.map((r) => r.substance).filter((substance, index, all) => all.indexOf(substance) !== index);
    if (twice.length > 0)
      errors.push({ field: 'results', message: `each substance at most once (${[...new Set(twice)].join(', ')} twice)` });
    if (errors.length > 0) throw PlatformException.validation(errors);
    const positiveOpiate = refused || results.some((r) => r.result === 'positive' && OPIATES.includes(r.substance));
    const saved = await this.dataSource.transaction(async (em) => {
      const test = await this.tests.insertTest(
        em,
        {
          clientId,
          clinicId: access.client.clinicId,
          date: dto.date,
          observed: dto.observed,
          refused,
          positiveOpiate,
          recordedBy: caller.staffId,
          recordedAt: this.clock.now(),
        },
        results.map(({ substance, result }) => ({ substance, result })),
      );
      // Counts only: a result is health data, and the test itself is the target.
      await this.audit.record(em, actorOf(caller), {
        ...clientAuditEntry(access, 'drug_test.create', { date: dto.date, observed: dto.observed, results: results.length }),
        targetType: 'drug_test',
        targetId: test.id,
      });
      return test;
    });
    return testDto(saved, results);
  }

  async list(caller: Caller, clientId: string, query: PageQueryDto): Promise<DrugTestPageDto> {
    const access = await this.clients.requireAccess(caller, clientId, 'drug_tests');
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.tests.testsOfClientPage(clientId, limit, decodePairCursor(query.cursor, 'date', 'exactInstant'));
    const results = await this.tests.resultsOf(rows.slice(0, limit).map((row) => row.id));
    const page = toPage(
      rows,
      limit,
      (test) => ({ key: pairKey(test.date, test.instantKey), id: test.id }),
      (test) =>
        testDto(
          test,
          results.filter((result) => result.testId === test.id),
        ),
    );
    await this.clients.recordRead(caller, access, 'drug_test.list', { count: page.items.length });
    return page;
  }

  /** The clients due a test on the day (chosen for it, or overdue this month), audited as a list read naming them. */
  async due(caller: Caller, query: DrugTestsDueQueryDto): Promise<DrugTestDueDto> {
    if (!caller.clinicId) throw PlatformException.forbidden();
    const clinic = await this.clinics.callersClinic(caller);
    const today = this.clock.today(clinic.timeZone);
    const day = query.date ?? today;
    // Days ahead stay unknown to staff too: what a nurse can read, a client could be told.
    if (day > today) throw PlatformException.validation([{ field: 'date', message: 'date must not lie after today' }]);
    const items = await this.dueItems(caller, clinic, day);
    await this.dataSource.transaction((em) =>
      this.audit.recordList(em, actorOf(caller), {
        action: 'drug_test.due',
        clinicId: clinic.id,
        clientIds: items.map((item) => item.clientId),
        grounds: 'role',
        details: { date: day },
      }),
    );
    return { date: day, items };
  }

  private async dueItems(caller: Caller, clinic: ClinicDto, day: string): Promise<DrugTestDueItemDto[]> {
    const clients = await this.clients.visibleInTreatment(caller);
    const due = await this.dueAmong(clinic, clients, day);
    return clients.flatMap((client: VisibleInTreatment): DrugTestDueItemDto[] => {
      const reason = due.get(client.id);
      return reason ? [{ clientId: client.id, code: client.code, ...reason }] : [];
    });
  }

  /**
   * Which of these clients of the clinic (each with their open episode's first day) are due a test on `day`:
   * chosen for it, or overdue this month; with the reason. The caller has already been shown them (the due list,
   * the dispensing window), so this reads and audits nothing of its own but the month's test days.
   */
  async dueAmong(
    clinic: ClinicDto,
    clients: ReadonlyArray<{ id: string; episodeStart: string }>,
    day: string,
  ): Promise<Map<string, NonNullable<DueReason>>> {
    if (clinic.settings.drugTestsPerMonth === 0 || clients.length === 0) return new Map();
    const month = day.slice(0, 7);
    const testDays = await this.tests.testDaysOf(
      clinic.id,
      clients.map((client) => client.id),
      `${month}-01`,
      day,
    );
    return this.dueWith(
      clinic,
      clients.map((client) => ({ ...client, testDays: testDays.get(client.id) ?? [] })),
      day,
    );
  }

  /**
   * The month's test days up to `day` of each client among `clientIds` (a statement selecting ids) that has one, as
   * a relation `(client_id, days)`: for a list that reads its clients in one statement (the dispensing window) and
   * then asks {@link dueWith}. Null when the clinic draws no tests.
   */
  testDaysRelation(clinic: ClinicDto, clientIds: Sql, day: string): Sql | null {
    if (clinic.settings.drugTestsPerMonth === 0) return null;
    return this.tests.testDaysSql(clinic.id, clientIds, `${day.slice(0, 7)}-01`, day);
  }

  /** {@link dueAmong} for clients whose month's test days are read already ({@link testDaysRelation}). */
  async dueWith(
    clinic: ClinicDto,
    clients: ReadonlyArray<{ id: string; episodeStart: string; testDays: readonly string[] }>,
    day: string,
  ): Promise<Map<string, NonNullable<DueReason>>> {
    const due = new Map<string, NonNullable<DueReason>>();
    const perMonth = clinic.settings.drugTestsPerMonth;
    if (perMonth === 0 || clients.length === 0) return due;
    const selection = this.selectionOf(clinic.id, await this.secretOf(clinic.id), day.slice(0, 7), perMonth);
    for (const client of clients) {
      const reason = dueOn(day, selection(client.id), client.testDays, client.episodeStart);
      if (reason) due.set(client.id, reason);
    }
    return due;
  }

  /**
   * The worklist's drug-test items: the due list for nurses and coordinators
   * (`drug_test_due`: the clients in treatment of the worklist's `seen`, their
   * draw made in {@link worklistItems}; none read when the clinic draws no
   * tests), and for a counselor the positive opiate tests and refusals of
   * their care-team clients in treatment still to follow up (`positive_test`).
   */
  private worklistFragment(caller: Caller, day: string, clinic: ClinicDto): Promise<Sql | null> {
    if (DUE_LIST_ROLES.has(caller.role)) {
      if (clinic.settings.drugTestsPerMonth === 0) return Promise.resolve(null);
      return Promise.resolve(sql`SELECT 'drug_test_due' AS kind, seen.id AS client_id, seen.code, NULL AS due_on,
                        json_build_object('episodeStart', seen.episode_start) AS detail
                   FROM seen WHERE seen.in_treatment ORDER BY seen.code, seen.id`);
    }
    return Promise.resolve(caller.role === Role.Counselor ? this.tests.positiveFollowUpsSql(clinic.id, day) : null);
  }

  /** The due list's draw among the clients in treatment the fragment read (follow-ups need none). */
  private async worklistItems(day: string, rows: WorklistRow[], clinic: ClinicDto): Promise<WorklistEntry[]> {
    const candidates = rows.filter((row) => row.kind === 'drug_test_due');
    if (candidates.length === 0) return rows.filter((row): row is WorklistEntry => row.kind !== 'drug_test_due');
    const due = await this.dueAmong(
      clinic,
      candidates.map((row) => ({ id: row.clientId!, episodeStart: String(row.detail.episodeStart) })),
      day,
    );
    return candidates.flatMap((row): WorklistEntry[] => {
      const reason = due.get(row.clientId!);
      return reason
        ? [{ kind: 'drug_test_due', clientId: row.clientId, code: row.code, dueOn: reason.selectedOn, detail: { reason: reason.reason } }]
        : [];
    });
  }

  /** {@link selectedTestDays} of the clinic's clients in a month, remembered (at most {@link MAX_SELECTIONS} at once). */
  private selectionOf(clinicId: string, secret: Buffer, month: string, perMonth: number): (clientId: string) => string[] {
    const key = `${clinicId}|${month}|${perMonth}`;
    // Used within one turn of the event loop (no other read clears the map meanwhile).
    let chosen = this.selections.get(key);
    return (clientId) => {
      let days = chosen?.get(clientId);
      if (!days) {
        days = selectedTestDays(secret, clientId, month, perMonth);
        if (this.selectionsKept >= MAX_SELECTIONS) {
          this.selections.clear();
          this.selectionsKept = 0;
          chosen = undefined;
        }
        if (!chosen) this.selections.set(key, (chosen = new Map<string, string[]>()));
        chosen.set(clientId, days);
        this.selectionsKept += 1;
      }
      return days;
    };
  }

  /** The clinic's secret for the choice of test days: 32 random bytes, created sealed when first needed. */
  private async secretOf(clinicId: string): Promise<Buffer> {
    const known = this.secrets.get(clinicId);
    if (known) return known;
    let key = await this.tests.findKey(clinicId);
    if (!key) {
      await this.tests.insertKeyIfAbsent(clinicId, this.cipher.seal(randomBytes(32).toString('base64')));
      key = await this.tests.findKey(clinicId);
      if (!key) throw new Error('The clinic’s drug-test key was not stored.');
    }
    const secret = Buffer.from(this.cipher.open(key.secret), 'base64');
    this.secrets.set(clinicId, secret);
    return secret;
  }
}

function testDto(test: DrugTest, results: Array<Pick<DrugTestResult, 'substance' | 'result'>>): DrugTestDto {
  return {
    id: test.id,
    clientId: test.clientId,
    date: test.date,
    observed: test.observed,
    refused: test.refused,
    results: [...results]
      .sort((a, b) => SUBSTANCES.indexOf(a.substance) - SUBSTANCES.indexOf(b.substance))
      .map(({ substance, result }) => ({ substance, result })),
    positiveOpiate: test.positiveOpiate,
    recordedBy: test.recordedBy,
    recordedAt: test.recordedAt.toISOString(),
  };
}
