import { Injectable } from '@nestjs/common';
import { ClinicDto, ClinicsService } from '@tongban/clinics';
import { Caller, PreparedStatements, sql, Sql } from '@tongban/platform';
import { ClientsService } from './clients.service';

/** What a worklist item asks of the caller (api.md, "Drug tests, assessments, care plans, referrals, worklist"). */
export const WORKLIST_KINDS = [
  'drug_test_due',
  'appointment',
  'missed_doses',
  'positive_test',
  'care_plan_review',
  'consent_expiring',
  'unassigned_client',
  'reminder_failed',
  'referral_follow_up',
  'peer_meeting',
  'guest_dosing',
  'transfer_pending',
] as const;
export type WorklistKind = (typeof WORKLIST_KINDS)[number];

/** One thing due: on a client (their id and code) or, for a staff reminder, on none. */
export interface WorklistEntry {
  kind: WorklistKind;
  clientId: string | null;
  code: string | null;
  /** The clinic day it is due on (earlier than the day asked about when overdue). */
  dueOn: string;
  /** What the web app words the item from: ids, dates, counts, never personal data beyond the code. */
  detail: Record<string, string | number | boolean | null>;
}

/**
 * A row of a source's fragment as it comes back: an entry, or what its
 * source's {@link WorklistSource.finish} makes entries of (`dueOn` may then
 * still be null, `detail` hold what the rule needs).
 */
export interface WorklistRow {
  kind: WorklistKind;
  clientId: string | null;
  code: string | null;
  dueOn: string | null;
  detail: Record<string, string | number | boolean | null>;
}

/**
 * What an area adds to the worklist of the day (product.md, "Daily work"):
 * each area that owns a kind of due work registers one source at module init.
 * A source answers only for the roles it serves and only with clients the
 * caller may see: its fragment reads them from the relation `seen` (the
 * columns of `ClientsService.worklistClients`: the caller's everyday
 * visibility, computed once for all the sources), never from the client
 * record itself. The sources' fragments are read together, in one statement.
 */
export interface WorklistSource {
  readonly kinds: readonly WorklistKind[];
  /**
   * What is due for the caller on `day` (a clinic day of the caller's clinic, `clinic`) as one SELECT over the area's own
   * tables and `seen`, with the columns `kind`, `client_id` (uuid or NULL), `code`, `due_on` (YYYY-MM-DD) and `detail`
   * (json); null for a role the source does not serve.
   */
  fragmentFor(caller: Caller, day: string, clinic: ClinicDto): Promise<Sql | null>;
  /** For a rule written in TypeScript (a flag, a keyed draw): the entries the fragment's rows make; without it, the rows as they are. */
  finish?(caller: Caller, day: string, rows: WorklistRow[], clinic: ClinicDto): Promise<WorklistEntry[]>;
}

/** The sources registered by the areas, read together for `GET /worklist`. */
@Injectable()
export class WorklistSources {
  private readonly sources: WorklistSource[] = [];

  constructor(
    private readonly clients: ClientsService,
    private readonly clinics: ClinicsService,
    private readonly prepared: PreparedStatements,
  ) {}

  /** Adds an area's source; each kind has one source (the rows of the sources' statement are told apart by kind). */
  register(source: WorklistSource): void {
    const taken = source.kinds.filter((kind) => this.sources.some((known) => known.kinds.includes(kind)));
    if (taken.length > 0) throw new Error(`Worklist kinds registered twice: ${taken.join(', ')}`);
    this.sources.push(source);
  }

  /** Every source's items for the caller on `day` ({@link entriesFor}), the earliest due first, then by kind and code. */
  async itemsFor(caller: Caller, day: string): Promise<WorklistEntry[]> {
    return sortedByDueKindAndCode(await this.entriesFor(caller, day));
  }

  /**
   * Every source's items for the caller on `day`, in no particular order: one statement, the union of the sources'
   * fragments over `seen` (the caller's visible clients, read once for all of them), then each source's
   * {@link WorklistSource.finish}.
   */
  async entriesFor(caller: Caller, day: string): Promise<WorklistEntry[]> {
    if (!caller.clinicId) return [];
    const clinic = await this.clinics.callersClinic(caller);
    const asked: Array<{ source: WorklistSource; fragment: Sql }> = [];
    for (const [source, fragment] of await Promise.all(
      this.sources.map(async (source) => [source, await source.fragmentFor(caller, day, clinic)] as const),
    )) {
      if (fragment) asked.push({ source, fragment });
    }
    if (asked.length === 0) return [];
    const seen = await this.clients.worklistClients(caller, clinic);
    const union = sql.join(
      asked.map(
        ({ fragment }) =>
          sql`SELECT w.kind::text AS kind, w.client_id::uuid AS client_id, w.code::text AS code,
                     w.due_on::text AS due_on, w.detail::json AS detail
                FROM (${fragment}) w`,
      ),
      sql` UNION ALL `,
    );
    const rows = await sql`WITH seen AS (${seen}) ${union}`.named('clients.worklist').rows<WorklistRow>(this.prepared);
    // Each row back to its source, by its kind (one source a kind: see register), the rows kept as they were read.
    const bySource = asked.map((): WorklistRow[] => []);
    const sourceOf = new Map(asked.flatMap(({ source }, index) => source.kinds.map((kind) => [kind, index] as const)));
    for (const row of rows) {
      const index = sourceOf.get(row.kind);
      if (index === undefined) throw new Error(`A worklist fragment gave a kind its source does not declare: ${row.kind}`);
      bySource[index].push(row);
    }
    return (
      await Promise.all(
        asked.map(({ source }, index) =>
          source.finish ? source.finish(caller, day, bySource[index], clinic) : Promise.resolve(bySource[index] as WorklistEntry[]),
        ),
      )
    ).flat();
  }
}

const KIND_ORDER = new Map<WorklistKind, number>(WORKLIST_KINDS.map((kind, index) => [kind, index]));
/** `localeCompare`'s order, with one collator made once (localeCompare works out its collator again on each call). */
const CODE_ORDER = new Intl.Collator();
/** Text of digits, capital Latin letters and hyphens only, as client codes are (`KM01-000123`). */
const PLAIN_CODE = /^[0-9A-Z-]*$/;

/**
 * Codes in `localeCompare`'s order. For text of {@link PLAIN_CODE} alone that order is the order of the characters'
 * code points (a property test holds the two to each other), which needs no collator: asking ICU for each of a
 * 1,400-item list's comparisons was a thirteenth of its read's CPU.
 */
export function compareCodes(a: string, b: string): number {
  return compareCodesKnown(a, PLAIN_CODE.test(a), b, PLAIN_CODE.test(b));
}

/** {@link compareCodes} for codes already tested against {@link PLAIN_CODE}. */
function compareCodesKnown(a: string, aPlain: boolean, b: string, bPlain: boolean): number {
  if (aPlain && bPlain) return a < b ? -1 : a > b ? 1 : 0;
  return CODE_ORDER.compare(a, b);
}

/**
 * The earliest due first (days as YYYY-MM-DD, in calendar order as text), then by kind as listed, then by code. Each
 * entry's kind and code are looked at once, not at each of the sort's comparisons.
 */
export function sortedByDueKindAndCode(entries: WorklistEntry[]): WorklistEntry[] {
  const keyed = entries.map((entry) => {
    const code = entry.code ?? '';
    return { entry, kind: KIND_ORDER.get(entry.kind)!, code, plain: PLAIN_CODE.test(code) };
  });
  keyed.sort((a, b) => {
    if (a.entry.dueOn !== b.entry.dueOn) return a.entry.dueOn < b.entry.dueOn ? -1 : 1;
    return a.kind - b.kind || compareCodesKnown(a.code, a.plain, b.code, b.plain);
  });
  return keyed.map(({ entry }) => entry);
}
