import { createHmac, randomBytes } from 'node:crypto';
import { Injectable, OnModuleInit, StreamableFile } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ClinicDto, ClinicsService } from '@tongban/clinics';
import { SUBSTANCES } from '@tongban/drug-tests';
import { actorOf, AuditService, Caller, Clock, FieldCipher, KeyRotation, PlatformException } from '@tongban/platform';
import { zipSync } from 'fflate';
import { DataSource } from 'typeorm';
import { ResearchExportQueryDto, ResearchSummaryDto } from './dto/research-export.dto';
import { ConsentingClientRow, ResearchExportRepository } from './research-export.repository';
import {
  ASSESSMENTS,
  ATTENDANCE,
  CLIENTS,
  codebook,
  DOSING_WEEKS,
  drugTestsSpec,
  EPISODES,
  FAMILY_INTERACTIONS,
  Row,
  Suppression,
  Table,
  TableSpec,
  toCsv,
  toParquet,
} from './research-tables';

/** k-anonymity: a combination of (age band, sex, clinic) shared by fewer clients than this is suppressed. */
export const K_ANONYMITY = 5;
/** The highest age band is open: `80+`. */
const TOP_BAND = 80;

interface Cohort {
  clinic: ClinicDto;
  today: string;
  consenting: number;
  groups: number;
  /** The clients exported, with their age band. */
  kept: Array<ConsentingClientRow & { ageBand: string }>;
  suppressedIds: Set<string>;
  suppressedGroups: number;
}

/**
 * `GET /exports/research`: the coordinator's clinic's records of the clients
 * whose `research` consent is in force, de-identified (product.md, "Reports"),
 * as a ZIP of CSV or Parquet tables with `codebook.md`; audited as a
 * disclosure naming the clients it held, with its row counts.
 */
@Injectable()
export class ResearchExportService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly research: ResearchExportRepository,
    private readonly clinics: ClinicsService,
    private readonly cipher: FieldCipher,
    private readonly audit: AuditService,
    private readonly keyRotation: KeyRotation,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.keyRotation.register({ table: 'research_project', columns: ['secret'] });
  }

  /** What an export would hold today: consenting clients, and how many of them k-anonymity would suppress. */
  async summary(caller: Caller): Promise<ResearchSummaryDto> {
    const cohort = await this.cohort(caller);
    return {
      k: K_ANONYMITY,
      consentingClients: cohort.consenting,
      exportedClients: cohort.kept.length,
      suppressedClients: cohort.suppressedIds.size,
      suppressedGroups: cohort.suppressedGroups,
    };
  }

  async export(caller: Caller, query: ResearchExportQueryDto): Promise<StreamableFile> {
    const cohort = await this.cohort(caller);
    const project = query.project.toLowerCase();
    const stored = await this.research.projectSecret(project, this.cipher.seal(randomBytes(32).toString('base64')));
    const secret = Buffer.from(this.cipher.open(stored.secret), 'base64');
    const researchId = (clientId: string): string => createHmac('sha256', secret).update(clientId).digest('hex').slice(0, 32);

    const ids = [...cohort.kept.map((client) => client.id), ...cohort.suppressedIds];
    const [episodes, dosingWeeks, attendance, family, assessments, drugTests] = await Promise.all([
      this.research.episodes(ids),
      this.research.dosingWeeks(ids),
      this.research.attendance(ids),
      this.research.familyInteractions(ids),
      this.research.assessments(ids),
      this.research.drugTests(ids),
    ]);
    const episodeCount = new Map<string, number>();
    for (const episode of episodes) episodeCount.set(episode.clientId, (episodeCount.get(episode.clientId) ?? 0) + 1);
    // The suppressed clients' rows are read only to be counted in the codebook.
    const clients = [
      ...cohort.kept.map((client) => ({
        clientId: client.id,
        clinic: cohort.clinic.code,
        age_band: client.ageBand,
        sex: client.sex,
        status: client.status,
        episodes: episodeCount.get(client.id) ?? 0,
      })),
      ...[...cohort.suppressedIds].map((id) => ({ clientId: id })),
    ];
    const drugTestSpec = drugTestsSpec(SUBSTANCES);
    const sources: Array<[TableSpec, Array<{ clientId: string }>]> = [
      [CLIENTS, clients],
      [EPISODES, episodes.map((e) => ({ ...e, start_day: e.startDay, length_days: e.lengthDays, end_reason: e.endReason }))],
      [
        DOSING_WEEKS,
        dosingWeeks.map((w) => ({
          ...w,
          observed_doses: w.observedDoses,
          take_home_doses: w.takeHomeDoses,
          take_home_days: w.takeHomeDays,
          total_mg: w.totalMg,
        })),
      ],
      [ATTENDANCE, attendance.map((a) => ({ ...a, absence_reason: a.absenceReason }))],
      [FAMILY_INTERACTIONS, family.map((f) => ({ ...f, initiated_by: f.initiatedBy }))],
      [ASSESSMENTS, assessments],
      [
        drugTestSpec,
        drugTests.map((t) => ({
          ...t,
          positive_opiate: t.positiveOpiate,
          ...Object.fromEntries(SUBSTANCES.map((s) => [s, t.results?.[s] ?? null])),
        })),
      ],
    ];

    const suppressedRows: Record<string, number> = {};
    const tables: Table[] = sources.map(([spec, rows]) => {
      const kept = rows.filter((row) => !cohort.suppressedIds.has(row.clientId));
      suppressedRows[spec.name] = rows.length - kept.length;
      return {
        spec,
        rows: sortRows(kept.map((row) => pick(spec, { ...(row as Record<string, unknown>), research_id: researchId(row.clientId) }))),
      };
    });
    const suppression: Suppression = {
      k: K_ANONYMITY,
      consenting: cohort.consenting,
      groups: cohort.groups,
      suppressedGroups: cohort.suppressedGroups,
      suppressedClients: cohort.suppressedIds.size,
      suppressedRows,
    };
    const extension = query.format === 'csv' ? 'csv' : 'parquet';
    const files: Record<string, Uint8Array> = {};
    for (const table of tables) files[`${table.spec.name}.${extension}`] = query.format === 'csv' ? toCsv(table) : toParquet(table);
    files['codebook.md'] = Buffer.from(
      codebook(tables, query.format, { project, exportedOn: cohort.today, clinic: cohort.clinic.code }, suppression),
      'utf8',
    );
    // Dated the export's day, not its moment: the same data gives the same bytes.
    const zip = Buffer.from(zipSync(files, { level: 6, mtime: `${cohort.today}T00:00:00` }));

    const rows = Object.fromEntries(tables.map((table) => [table.spec.name, table.rows.length]));
    const entry = {
      action: 'research.export',
      clinicId: cohort.clinic.id,
      targetType: 'research_project',
      targetId: stored.id,
      details: {
        project,
        format: query.format,
        rows,
        suppressedGroups: cohort.suppressedGroups,
        suppressedClients: cohort.suppressedIds.size,
        suppressedRows,
      },
    };
    // A disclosure: the event names every client whose records left (none when every group was suppressed).
    await this.dataSource.transaction(async (em) => {
      const clientIds = cohort.kept.map((client) => client.id);
      if (clientIds.length > 0) await this.audit.recordList(em, actorOf(caller), { ...entry, clientIds, grounds: 'consent' });
      else await this.audit.record(em, actorOf(caller), entry);
    });
    return new StreamableFile(zip, {
      type: 'application/zip',
      disposition: `attachment; filename="research-${project}-${cohort.clinic.code}-${cohort.today}.zip"`,
      length: zip.length,
    });
  }

  /** The consenting clients of the caller's clinic, split by k-anonymity on (age band, sex, clinic). */
  private async cohort(caller: Caller): Promise<Cohort> {
    if (!caller.clinicId) throw PlatformException.forbidden();
    const clinic = await this.clinics.callersClinic(caller);
    const today = this.clock.today(clinic.timeZone);
    const consenting = (await this.research.consentingClients(clinic.id, today)).map((client) => ({
      ...client,
      ageBand: ageBand(this.cipher.open(client.sealedDateOfBirth), today),
    }));
    const groups = new Map<string, typeof consenting>();
    for (const client of consenting) {
      const key = `${client.ageBand}|${client.sex}|${clinic.id}`;
      groups.set(key, [...(groups.get(key) ?? []), client]);
    }
    const small = [...groups.values()].filter((group) => group.length < K_ANONYMITY);
    const suppressedIds = new Set(small.flat().map((client) => client.id));
    return {
      clinic,
      today,
      consenting: consenting.length,
      groups: groups.size,
      kept: consenting.filter((client) => !suppressedIds.has(client.id)),
      suppressedIds,
      suppressedGroups: small.length,
    };
  }
}

/** The 5-year band of the age on `today` of someone born on `dateOfBirth` (both YYYY-MM-DD): `35-39`, …, `80+`. */
export function ageBand(dateOfBirth: string, today: string): string {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number);
  const [ty, tm, td] = today.split('-').map(Number);
  const age = Math.max(0, ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0));
  if (age >= TOP_BAND) return `${TOP_BAND}+`;
  const low = age - (age % 5);
  return `${low}-${low + 4}`;
}

/** Only the table's columns: nothing else a source row carries (the client's id) can reach a file. */
function pick(spec: TableSpec, source: Record<string, unknown>): Row {
  return Object.fromEntries(spec.columns.map((column) => [column.name, (source[column.name] ?? null) as Row[string]]));
}

/** Rows in the order of their research ID, then as read (episode, day): never in the order clients were registered. */
function sortRows(rows: Row[]): Row[] {
  return rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => String(a.row.research_id).localeCompare(String(b.row.research_id)) || a.index - b.index)
    .map(({ row }) => row);
}
