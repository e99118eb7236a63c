import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Caller } from '../access/caller';
import { Role } from '../access/role';
import { PlatformException } from '../errors/app.exception';
import { decodeCursor, Page, toPage } from '../pagination/page';
import { Sql, SqlTarget } from '../database/sql';
import { AuditCheckpoints } from './audit-checkpoints';
import { chainOf, contentDigest, EventContent, eventHash, GENESIS_HASH, linkHash } from './audit-chain';
import { AuditActor, AuditEntry, AuditListEntry } from './audit-entry';
import { AuditRepository } from './audit.repository';
import { AuditEventDto } from './dto/audit-event.dto';
import { ListAuditEventsQueryDto } from './dto/list-audit-events-query.dto';
import { AuditVerificationDto } from './dto/audit-verification.dto';

const VERIFY_BATCH = 1000;

export function actorOf(caller: Caller): AuditActor {
  return { staffId: caller.staffId, role: caller.role, requestId: caller.requestId };
}

@Injectable()
export class AuditService {
  private readonly logger = new Logger(AuditService.name);

  constructor(
    private readonly audit: AuditRepository,
    private readonly checkpoints: AuditCheckpoints,
  ) {}

  /**
   * Appends an event to its clinic's chain inside the caller's transaction,
   * so the event exists exactly when the change it records does.
   */
  async record(em: EntityManager, actor: AuditActor, entry: AuditEntry): Promise<void> {
    const occurredAt = new Date();
    await this.audit.appendOne(em, contentOf(actor, entry, randomUUID(), occurredAt));
    const copy = copyFor(entry);
    if (copy) await this.audit.appendOne(em, contentOf(actor, copy, randomUUID(), occurredAt));
  }

  /**
   * Runs `change` (a data-modifying statement with `RETURNING`) and appends
   * its event in one statement: on the data source, the two commit together
   * without a transaction, and the chain's head is held for no round trip.
   * For a hot path whose whole write is one statement (a dose).
   */
  async recordWithChange(db: SqlTarget, change: Sql, actor: AuditActor, entry: AuditEntry): Promise<void> {
    const copy = copyFor(entry);
    // The copy for another clinic's chain must commit with the change: only inside a transaction (`db` its manager).
    if (copy && !(db instanceof EntityManager)) {
      throw new Error('An event recorded in two chains needs a transaction: pass its EntityManager.');
    }
    const occurredAt = new Date();
    await this.audit.appendOne(db, contentOf(actor, entry, randomUUID(), occurredAt), { change });
    if (copy) await this.audit.appendOne(db, contentOf(actor, copy, randomUUID(), occurredAt));
  }

  /**
   * One event for one list read, naming every client it showed
   * (`clientIds`, sorted, without repeats; the access log of each of them
   * finds it). Nothing when the list showed no client. `db` is a
   * transaction's manager, or, for a read that changes nothing else, the
   * data source: the event is then one statement that commits on its own.
   */
  async recordList(db: SqlTarget, actor: AuditActor, entry: AuditListEntry): Promise<void> {
    const clientIds = [...new Set(entry.clientIds)].sort();
    if (clientIds.length === 0) return;
    const { clientIds: _shown, ...rest } = entry;
    void _shown;
    await this.audit.appendOne(db, { ...contentOf(actor, rest, randomUUID(), new Date()), clientIds });
  }

  /** Appends several events, locking each chain once (several changes; a list read is {@link recordList}). */
  async recordMany(em: EntityManager, actor: AuditActor, entries: AuditEntry[]): Promise<void> {
    const byChain = new Map<string, AuditEntry[]>();
    for (const entry of entries.flatMap((one) => [one, copyFor(one)].filter((it): it is AuditEntry => it !== null))) {
      const chain = chainOf(entry.clinicId);
      byChain.set(chain, [...(byChain.get(chain) ?? []), entry]);
    }
    const occurredAt = new Date();
    for (const [chain, chained] of [...byChain].sort(([a], [b]) => a.localeCompare(b))) {
      if (chained.length === 1) {
        await this.audit.appendOne(em, contentOf(actor, chained[0], randomUUID(), occurredAt));
        continue;
      }
      const head = await this.audit.lockHead(em, chain);
      let seq = BigInt(head.seq);
      let prevHash = head.hash;
      const events = chained.map((entry) => {
        seq += 1n;
        const content = contentOf(actor, entry, randomUUID(), occurredAt);
        const fields = { ...content, seq: seq.toString(), prevHash };
        prevHash = linkHash(fields.prevHash, fields.seq, contentDigest(content));
        return { ...fields, hash: prevHash };
      });
      // Large batches go in slices, to stay far below PostgreSQL's limit of parameters per statement.
      for (let start = 0; start < events.length; start += 1000) {
        await this.audit.appendMany(em, events.slice(start, start + 1000));
      }
    }
  }

  /** Coordinators: their clinic's events. Admins: events about staff and clinics, none about clients. */
  async list(caller: Caller, query: ListAuditEventsQueryDto): Promise<Page<AuditEventDto>> {
    const limit = query.limit ?? 50;
    const from = query.from ? parseBound(query.from, 'from', false) : undefined;
    const to = query.to ? parseBound(query.to, 'to', true) : undefined;
    const filter = caller.role === Role.Admin ? { withoutClient: true } : { clinicId: ownClinic(caller) };
    const rows = await this.audit.findPage(
      { ...filter, clientId: query.clientId, actorId: query.actorId, from, to },
      limit,
      decodeCursor(query.cursor, 'instant'),
    );
    return toPage(
      rows,
      limit,
      (row) => ({ key: row.occurredAt.toISOString(), id: row.id }),
      (row) => AuditEventDto.from(row),
    );
  }

  /**
   * Walks each chain the caller may see, up to the head read at the start
   * (events appended meanwhile are checked next time), and recomputes every
   * hash. The first event whose hash, predecessor or position does not fit is
   * reported. Then each chain must still hold the event its latest signed
   * checkpoint (outside the database, {@link AuditCheckpoints}) names: a
   * cut tail or a rewritten head is reported as events missing at the end.
   */
  async verify(caller: Caller): Promise<AuditVerificationDto> {
    const scope = caller.role === Role.Admin ? undefined : ownClinic(caller);
    const heads = await this.audit.chains(scope);
    const walked = await this.walk(heads);
    if (!walked.ok) return walked;
    // A chain deleted whole (head and all) is still named by its checkpoint.
    const anchors = this.checkpoints.latest(scope === undefined ? undefined : [scope]);
    for (const [chain, checkpoint] of anchors) {
      const verdict = await this.checkpoints.judge(
        chain,
        heads.find((head) => head.chain === chain),
        checkpoint,
      );
      if (!verdict.ok) {
        this.logger.warn(`audit chain ${chain} does not hold its checkpoint of ${checkpoint.at}: ${verdict.reason}`);
        return { ok: false, checked: walked.checked, firstBrokenId: null };
      }
    }
    return walked;
  }

  private async walk(heads: Array<{ chain: string; seq: string; hash: string }>): Promise<AuditVerificationDto> {
    let checked = 0;
    for (const head of heads) {
      let expectedSeq = 1n;
      let previousHash = GENESIS_HASH;
      let lastSeq = '0';
      for (;;) {
        const batch = await this.audit.chainBatch(head.chain, lastSeq, head.seq, VERIFY_BATCH);
        for (const event of batch) {
          checked += 1;
          const broken =
            BigInt(event.seq) !== expectedSeq || event.prevHash !== previousHash || eventHash(event, event.hashVersion) !== event.hash;
          if (broken) return { ok: false, checked, firstBrokenId: event.id };
          expectedSeq += 1n;
          previousHash = event.hash;
          lastSeq = event.seq;
        }
        if (batch.length < VERIFY_BATCH) break;
      }
      if (lastSeq !== head.seq || previousHash !== head.hash) {
        // Events are missing at the end of the chain: there is no later event to name.
        return { ok: false, checked, firstBrokenId: null };
      }
    }
    return { ok: true, checked, firstBrokenId: null };
  }
}

/** The copy of an event for the other clinic's chain it names (`alsoClinicId`), or null. */
function copyFor(entry: AuditEntry): AuditEntry | null {
  if (!entry.alsoClinicId || entry.alsoClinicId === entry.clinicId) return null;
  return { ...entry, clinicId: entry.alsoClinicId, alsoClinicId: null };
}

function contentOf(actor: AuditActor, entry: AuditEntry, id: string, occurredAt: Date): EventContent {
  return {
    id,
    chain: chainOf(entry.clinicId),
    occurredAt,
    actorId: actor.staffId,
    actorRole: actor.role,
    clinicId: entry.clinicId,
    clientId: entry.clientId ?? null,
    clientIds: null,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    grounds: entry.grounds ?? null,
    details: entry.details ?? {},
    requestId: actor.requestId,
  };
}

function ownClinic(caller: Caller): string {
  if (!caller.clinicId) throw PlatformException.forbidden();
  return caller.clinicId;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** `from`/`to`: an instant, or a date (UTC) where `to` includes the whole day. */
function parseBound(value: string, field: string, end: boolean): Date {
  const date = new Date(DATE_ONLY.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) {
    throw PlatformException.validation([{ field, message: `${field} must be a date or an ISO 8601 instant` }]);
  }
  if (end && DATE_ONLY.test(value)) date.setUTCDate(date.getUTCDate() + 1);
  return date;
}
