import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ClinicDto, ClinicsService } from '@tongban/clinics';
import { AccessDecision, AccessPurpose, CareTeamService, ClientAccessPolicy, ClientDataKind, ClientRef } from './access';
import {
  AccessGrounds,
  actorOf,
  AuditService,
  Caller,
  Clock,
  decodeCursor,
  FieldCipher,
  IdempotentReplayChecks,
  isUniqueViolation,
  KeysetPosition,
  normalizeNationalId,
  Page,
  Permission,
  PlatformException,
  ReplayedRequest,
  Role,
  roleHas,
  sql,
  Sql,
  toPage,
  clientAuditEntry,
} from '@tongban/platform';
import { DataSource } from 'typeorm';
import { CaseloadFacts } from './caseload-facts';
import { ClientPresenter } from './client-presenter';
import { ClientsErrorCode, ClientsException } from './clients.exception';
import {
  ClientsRepository,
  ClientSearch,
  InTreatmentRow,
  inTreatmentSql,
  ReadAlongside,
  VisibleInTreatment,
  worklistClientsSql,
} from './clients.repository';
import { DROPOUT_RULE, type DropoutRule } from './dropout-rule';
import { ClientSearchIndex } from './client-search-index';
import { Dropouts } from './dropouts';
import { AnyClientDto } from './dto/client.dto';
import { ListClientsQueryDto } from './dto/list-clients-query.dto';
import { RegisterClientDto } from './dto/register-client.dto';
import { UpdateClientDto } from './dto/update-client.dto';
import { ClientPhotoRepository } from './photo/client-photo.repository';
import { clientCode, codeCandidatesOf, queryTermsOf } from './search-terms';

/** A client the caller may reach for one kind of data, and on what grounds. */
export interface ClientAccess {
  client: ClientRef;
  decision: AccessDecision;
}

const DUPLICATE_NATIONAL_ID = 'UQ_client_clinic_national_id';

export type { InTreatmentRow, ReadAlongside } from './clients.repository';

/** A client at the dispensing window: identity, whether they have a photo, and the open episode's start and registration day (clinic days). */
export interface ClientInTreatment {
  id: string;
  code: string;
  preferredName: string | null;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  hasPhoto: boolean;
  episodeStart: string;
  registeredOn: string;
  /** A guest of the day: their home clinic (guest dosing); null for the clinic's own clients. */
  homeClinicId: string | null;
  homeClinicCode: string | null;
  /** Where one of the clinic's own clients doses as a guest today, or null. */
  away: { hostClinicId: string; until: string } | null;
}

/**
 * The client registry. Every other area reaches a client through
 * {@link ClientsService.requireAccess}, so one policy guards them all.
 */
@Injectable()
export class ClientsService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clients: ClientsRepository,
    private readonly policy: ClientAccessPolicy,
    private readonly careTeam: CareTeamService,
    private readonly clinics: ClinicsService,
    private readonly presenter: ClientPresenter,
    private readonly cipher: FieldCipher,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly photos: ClientPhotoRepository,
    private readonly replayChecks: IdempotentReplayChecks,
    private readonly dropouts: Dropouts,
    private readonly searchIndex: ClientSearchIndex,
    private readonly caseloadFacts: CaseloadFacts,
    /** Dosing's drop-out rule (see {@link DropoutRule}). */
    @Inject(DROPOUT_RULE) private readonly dropoutRule: DropoutRule,
  ) {}

  onModuleInit(): void {
    this.replayChecks.register((caller, request, answer) => this.checkReplay(caller, request, answer));
  }

  /**
   * A create replayed with its Idempotency-Key shows the first answer only to
   * a caller who may still see the client it is about (the client of the
   * path, the one the answer names, or the one it registered): else the 404
   * of a hidden client, as a fresh request would get.
   */
  private async checkReplay(caller: Caller, request: ReplayedRequest, answer: unknown): Promise<void> {
    const fields = typeof answer === 'object' && answer !== null ? (answer as Record<string, unknown>) : {};
    const pathId = /\/clients\/:id(\/|$)/.test(request.routePath) ? request.params.id : undefined;
    const registered = /\/clients\/?$/.test(request.routePath) ? fields.id : undefined;
    const clientId = [pathId, fields.clientId, registered].find((value): value is string => typeof value === 'string');
    if (clientId) await this.requireAccess(caller, clientId, 'profile');
  }

  /**
   * The client for this kind of data, or 404 alike for hidden and missing
   * clients. A drop-out that is due is settled first (found in the statement
   * that reads the client), so the policy, the answer and every rule after
   * this see the client as api.md says they stand today. The caller's
   * relation to the client (care team, emergency access) is read in the same
   * statement, from the policy's own SQL. `purpose` is what the caller means
   * to do (`manage` for changes to the record, which emergency access never
   * opens).
   */
  async requireAccess(caller: Caller, clientId: string, kind: ClientDataKind, purpose: AccessPurpose = 'read'): Promise<ClientAccess> {
    return (await this.access(caller, clientId, kind, purpose)).access;
  }

  /**
   * {@link requireAccess}, with another area's read of the client made in
   * the same statement (`alongside`), to spare a hot path a round trip.
   * `row` is what that read found, shown only to a caller the policy lets
   * through; null when it found nothing, or when the client changed after
   * it (a drop-out settled on the way): the caller reads it again then.
   */
  async requireAccessWith<T>(
    caller: Caller,
    clientId: string,
    kind: ClientDataKind,
    purpose: AccessPurpose,
    alongside: ReadAlongside<T>,
  ): Promise<{ access: ClientAccess; row: T | null }> {
    return this.access(caller, clientId, kind, purpose, alongside);
  }

  private async access<T = never>(
    caller: Caller,
    clientId: string,
    kind: ClientDataKind,
    purpose: AccessPurpose,
    alongside?: ReadAlongside<T>,
  ): Promise<{ access: ClientAccess; row: T | null }> {
    const found = await this.clients.findRefWithDropout(
      clientId,
      this.dropoutRule,
      this.clock.now(),
      (id) => this.policy.relationColumns(caller, id),
      alongside,
    );
    let client = found?.ref ?? null;
    let decision = client ? await this.policy.decide(caller, client, kind, found?.relation ?? undefined, purpose) : null;
    if (!client || !decision) throw PlatformException.notFound('No such client.');
    // Only a caller who may see the client as they stand causes the settling (written as the system), then sees them dropped out.
    if (found?.dropoutDue && client.clinicId === caller.clinicId) {
      await this.dropouts.settle([client.id]);
      client = { ...client, status: 'dropped_out' };
      decision = await this.policy.decide(caller, client, kind, found.relation ?? undefined, purpose);
      if (!decision) throw PlatformException.notFound('No such client.');
      return { access: { client, decision }, row: null };
    }
    return { access: { client, decision }, row: found?.alongside ?? null };
  }

  /** A client of the caller's clinic, whether or not the caller may see it (emergency access starts here). */
  async requireInClinic(caller: Caller, clientId: string): Promise<ClientRef> {
    const client = await this.clients.findRef(clientId);
    if (!client || client.clinicId !== caller.clinicId) throw PlatformException.notFound('No such client.');
    return client;
  }

  /**
   * A client of the caller's clinic known by their whole code, whether or not
   * the caller may see them (for emergency access, which is audited); 404
   * when the clinic has no such client.
   */
  async requireInClinicByCode(caller: Caller, code: string): Promise<ClientRef> {
    if (!caller.clinicId) throw PlatformException.notFound('No such client.');
    const client = await this.clients.findRefByCode(caller.clinicId, code.trim().toUpperCase());
    if (!client) throw PlatformException.notFound('No such client.');
    return client;
  }

  /** The client's code (pseudonymous) for a caller the policy let at the client (guest dosing shows it to the host). */
  async codeOf(access: ClientAccess): Promise<string> {
    const [client] = await this.clients.findByIds([access.client.id]);
    if (!client) throw PlatformException.notFound('No such client.');
    return client.code;
  }

  /** Records that the caller saw some of a client's data. */
  async recordRead(caller: Caller, access: ClientAccess, action: string, details?: Record<string, unknown>): Promise<void> {
    await this.dataSource.transaction((em) => this.audit.record(em, actorOf(caller), clientAuditEntry(access, action, details)));
  }

  async register(caller: Caller, dto: RegisterClientDto): Promise<AnyClientDto> {
    if (!caller.clinicId) throw PlatformException.forbidden();
    const clinic = await this.clinics.callersClinic(caller);
    const today = this.clock.today(clinic.timeZone);
    const errors = [];
    if (dto.intakeDate > today) errors.push({ field: 'intakeDate', message: 'intakeDate must not lie in the future', key: 'future' });
    if (dto.dateOfBirth > today) errors.push({ field: 'dateOfBirth', message: 'dateOfBirth must not lie in the future', key: 'future' });
    if (errors.length > 0) throw PlatformException.validation(errors);
    const nationalIdTerm = dto.nationalId ? `nid:${normalizeNationalId(dto.nationalId)}` : null;
    if (nationalIdTerm) await this.refuseDuplicate(caller, clinic.id, nationalIdTerm, 'register');
    const grounds: AccessGrounds = caller.role === Role.Counselor ? 'care_team' : 'role';
    try {
      const client = await this.dataSource.transaction(async (em) => {
        const number = await this.clients.nextNumber(em, clinic.id);
        const created = await this.clients.insert(em, {
          // From the Clock: the registration day counts in the dosing rules (missed days start no earlier).
          createdAt: this.clock.now(),
          clinicId: clinic.id,
          code: clientCode(clinic.code, number),
          givenName: this.cipher.seal(dto.givenName.trim()),
          familyName: this.cipher.seal(dto.familyName.trim()),
          preferredName: this.cipher.sealOptional(dto.preferredName?.trim() || null),
          dateOfBirth: this.cipher.seal(dto.dateOfBirth),
          sex: dto.sex,
          phone: this.cipher.sealOptional(dto.phone?.trim() || null),
          email: this.cipher.sealOptional(dto.email?.trim() || null),
          nationalId: this.cipher.sealOptional(dto.nationalId ? normalizeNationalId(dto.nationalId) : null),
          nationalIdHash: nationalIdTerm ? this.cipher.blindIndex(nationalIdTerm) : null,
          preferredLanguage: dto.preferredLanguage ?? 'zh-CN',
          status: 'active',
          createdBy: caller.staffId,
        });
        await this.searchIndex.write(em, created, dto);
        await this.clients.insertEpisode(em, { clientId: created.id, clinicId: clinic.id, startDate: dto.intakeDate });
        const ref: ClientRef = { id: created.id, clinicId: clinic.id, status: 'active' };
        if (caller.role === Role.Counselor) await this.careTeam.addWithin(em, caller, ref, caller.staffId, 'counselor');
        await this.audit.record(em, actorOf(caller), {
          ...clientAuditEntry({ client: ref, decision: { grounds } }, 'client.create'),
          details: { code: created.code },
        });
        return created;
      });
      return this.presenter.present(client, 'full', false);
    } catch (error) {
      if (nationalIdTerm && isUniqueViolation(error, DUPLICATE_NATIONAL_ID)) {
        await this.refuseDuplicate(caller, clinic.id, nationalIdTerm, 'register');
      }
      throw error;
    }
  }

  async search(caller: Caller, query: ListClientsQueryDto): Promise<Page<AnyClientDto>> {
    // A filter on a field the caller's view does not show would reveal it (peer leaders see no treatment status).
    if (query.status !== undefined && this.policy.everydayView(caller) === 'pseudonym') {
      throw PlatformException.forbidden('Your role may not filter clients by status.');
    }
    // Who is on a client's care team is for those who manage care teams.
    if (query.counselor !== undefined && !roleHas(caller.role, Permission.CareTeamManage)) {
      throw PlatformException.forbidden('Your role may not filter clients by counselor.');
    }
    const limit = query.limit ?? 50;
    const visibility = await this.policy.visibility(caller, 'c');
    const q = query.q?.trim();
    const search = await this.searchFor(caller, q);
    if (caller.clinicId) {
      await this.dropouts.settle(await this.clients.dueDropoutsAmong(visibility, search, this.dropoutRule, this.clock.now()));
    }
    const rows = await this.clients.findVisiblePage(
      visibility,
      { ...search, status: query.status, withoutCounselor: query.counselor === 'none' },
      limit,
      decodeCursor(query.cursor),
    );
    const viewOf = (row: { grounds: string }) => this.policy.viewFor(caller, row.grounds as AccessGrounds);
    const shown = rows.slice(0, limit);
    const facts = await this.caseloadFacts.of(
      caller,
      shown.map((row) => ({ id: row.client.id, grounds: row.grounds as AccessGrounds })),
    );
    const page = toPage(
      rows,
      limit,
      (row) => ({ key: row.client.code, id: row.client.id }),
      (row): AnyClientDto => ({ ...this.presenter.present(row.client, viewOf(row), row.hasPhoto), ...facts.get(row.client.id) }),
    );
    if (shown.length > 0) {
      // One event for the read per grounds it rested on, each naming the clients it showed.
      const byGrounds = new Map<AccessGrounds, string[]>();
      for (const row of shown) {
        const grounds = row.grounds as AccessGrounds;
        byGrounds.set(grounds, [...(byGrounds.get(grounds) ?? []), row.client.id]);
      }
      await this.dataSource.transaction(async (em) => {
        for (const [grounds, clientIds] of byGrounds) {
          await this.audit.recordList(em, actorOf(caller), {
            action: 'client.list',
            clinicId: caller.clinicId,
            clientIds,
            grounds,
            details: { searched: q !== undefined },
          });
        }
      });
    }
    return page;
  }

  async get(caller: Caller, id: string): Promise<AnyClientDto> {
    const access = await this.requireAccess(caller, id, 'profile');
    const client = await this.clients.findById(id);
    if (!client) throw PlatformException.notFound('No such client.');
    await this.recordRead(caller, access, 'client.read');
    return this.presenter.present(client, access.decision.view, await this.photos.hasPhoto(id));
  }

  async update(caller: Caller, id: string, dto: UpdateClientDto): Promise<AnyClientDto> {
    const access = await this.requireAccess(caller, id, 'profile', 'manage');
    if (access.decision.view !== 'full') throw PlatformException.notFound('No such client.');
    if (dto.dateOfBirth !== undefined) {
      const today = await this.clinics.today(access.client.clinicId, caller);
      if (dto.dateOfBirth > today)
        throw PlatformException.validation([{ field: 'dateOfBirth', message: 'dateOfBirth must not lie in the future', key: 'future' }]);
    }
    const nationalIdTerm = dto.nationalId ? `nid:${normalizeNationalId(dto.nationalId)}` : null;
    if (nationalIdTerm) await this.refuseDuplicate(caller, access.client.clinicId, nationalIdTerm, 'update', id);
    try {
      const saved = await this.dataSource.transaction(async (em) => {
        const client = await this.clients.findByIdForUpdate(em, id);
        if (!client) throw PlatformException.notFound('No such client.');
        const current = {
          givenName: this.cipher.open(client.givenName),
          familyName: this.cipher.open(client.familyName),
          phone: this.cipher.openOptional(client.phone),
          nationalId: this.cipher.openOptional(client.nationalId),
        };
        if (dto.givenName !== undefined) client.givenName = this.cipher.seal((current.givenName = dto.givenName.trim()));
        if (dto.familyName !== undefined) client.familyName = this.cipher.seal((current.familyName = dto.familyName.trim()));
        if (dto.preferredName !== undefined) client.preferredName = this.cipher.sealOptional(dto.preferredName?.trim() || null);
        if (dto.dateOfBirth !== undefined) client.dateOfBirth = this.cipher.seal(dto.dateOfBirth);
        if (dto.sex !== undefined) client.sex = dto.sex;
        if (dto.phone !== undefined) client.phone = this.cipher.sealOptional((current.phone = dto.phone?.trim() || null));
        if (dto.email !== undefined) client.email = this.cipher.sealOptional(dto.email?.trim() || null);
        if (dto.nationalId !== undefined) {
          current.nationalId = dto.nationalId ? normalizeNationalId(dto.nationalId) : null;
          client.nationalId = this.cipher.sealOptional(current.nationalId);
          client.nationalIdHash = nationalIdTerm ? this.cipher.blindIndex(nationalIdTerm) : null;
        }
        if (dto.preferredLanguage !== undefined) client.preferredLanguage = dto.preferredLanguage;
        const updated = await this.clients.save(em, client);
        await this.searchIndex.write(em, updated, current);
        await this.audit.record(em, actorOf(caller), clientAuditEntry(access, 'client.update', { fields: Object.keys(dto) }));
        return updated;
      });
      return this.presenter.present(saved, access.decision.view, await this.photos.hasPhoto(id));
    } catch (error) {
      if (nationalIdTerm && isUniqueViolation(error, DUPLICATE_NATIONAL_ID)) {
        await this.refuseDuplicate(caller, access.client.clinicId, nationalIdTerm, 'update', id);
      }
      throw error;
    }
  }

  /**
   * 409 DUPLICATE_CLIENT when another client of the clinic (not `exceptId`)
   * holds this national ID. The answer names no client, but the attempt is
   * written to that client's access log (`client.duplicate_attempt`), so the
   * check is no silent oracle for who is a client. Does nothing otherwise.
   */
  private async refuseDuplicate(
    caller: Caller,
    clinicId: string,
    nationalIdTerm: string,
    via: 'register' | 'update',
    exceptId?: string,
  ): Promise<void> {
    const existing = await this.clients.clientWithNationalId(clinicId, this.cipher.blindIndexesForSearch(nationalIdTerm), exceptId);
    if (!existing) return;
    await this.dataSource.transaction((em) =>
      this.audit.record(em, actorOf(caller), {
        action: 'client.duplicate_attempt',
        clinicId,
        clientId: existing,
        targetType: 'client',
        targetId: existing,
        grounds: 'role',
        details: { via },
      }),
    );
    throw new ClientsException(ClientsErrorCode.DUPLICATE_CLIENT, 'A client with this national ID is registered in this clinic already.');
  }

  /** The open treatment episode's first day, or null when the client is not in treatment. */
  async episodeStartOf(clientId: string): Promise<string | null> {
    return (await this.clients.openEpisodeOf(clientId))?.startDate ?? null;
  }

  /**
   * The client's latest treatment episode (the open one while in treatment),
   * for records kept per episode (the care plan); null before any episode.
   */
  async latestEpisodeOf(clientId: string): Promise<{ id: string; startDate: string; endDate: string | null } | null> {
    const episodes = await this.clients.episodesOf(clientId);
    const latest = episodes.find((episode) => episode.endDate === null) ?? episodes[episodes.length - 1];
    return latest ? { id: latest.id, startDate: latest.startDate, endDate: latest.endDate } : null;
  }

  /**
   * The clinic's clients in treatment (active, with an open episode) that
   * match `q` (code, name, or at the window also phone), by code: a page of
   * `limit` after `after`, and one more row when another page follows. It
   * settles the clinic's due drop-outs first, so none is listed. Given as the
   * statement (see {@link inTreatmentSql}) for an area to read beside its own
   * columns (the dispensing window), with how to open one of its rows.
   */
  async inTreatmentPage(
    caller: Caller,
    clinic: ClinicDto,
    limit: number,
    after?: KeysetPosition,
    q?: string,
  ): Promise<{ statement: Sql; open: (row: InTreatmentRow) => ClientInTreatment }> {
    await this.dropouts.settleClinic(clinic);
    // At the window the person at the counter may be found by phone number too (issue: find who stands there).
    const search = await this.searchFor(caller, q?.trim(), { phone: true });
    // The guests of the day (guest dosing) for a host's nurses and physicians, and where the clinic's own dose away.
    const today = this.clock.today(clinic.timeZone);
    const window = { guests: this.policy.guestsSql(caller, 'c', today), away: this.policy.awaySql(clinic.id, sql`${today}::date`) };
    return {
      statement: inTreatmentSql(clinic.id, limit, after, search, window),
      // Field by field: the row may carry other columns (the dispensing window's), which are not copied.
      open: (row) => ({
        id: row.id,
        code: row.code,
        preferredName: this.cipher.openOptional(row.preferredName),
        givenName: this.cipher.open(row.givenName),
        familyName: this.cipher.open(row.familyName),
        dateOfBirth: this.cipher.open(row.dateOfBirth),
        hasPhoto: row.hasPhoto,
        episodeStart: row.episodeStart,
        registeredOn: row.registeredOn,
        homeClinicId: row.homeClinicId,
        homeClinicCode: row.homeClinicCode,
        away: row.away,
      }),
    };
  }

  /**
   * Code and names of clients of the clinic, by id (the day sheet's
   * dispensing record names who was dosed); ids of other clinics are left out.
   */
  async identitiesOf(
    clinicId: string,
    ids: string[],
  ): Promise<Map<string, { code: string; givenName: string; familyName: string; preferredName: string | null }>> {
    const clients = ids.length > 0 ? await this.clients.findByIds(ids) : [];
    return new Map(
      clients
        .filter((client) => client.clinicId === clinicId)
        .map((client) => [
          client.id,
          {
            code: client.code,
            givenName: this.cipher.open(client.givenName),
            familyName: this.cipher.open(client.familyName),
            preferredName: this.cipher.openOptional(client.preferredName),
          },
        ]),
    );
  }

  /**
   * What a search string `q` matches for this caller (GET /clients?q=): a
   * code or its number in the caller's clinic, or exactly a value of the
   * fields the caller's everyday view shows, through blind indexes.
   */
  private async searchFor(caller: Caller, q: string | undefined, options: { phone?: boolean } = {}): Promise<ClientSearch> {
    if (!q || !caller.clinicId) return {};
    const clinic = await this.clinics.callersClinic(caller);
    return {
      codes: codeCandidatesOf(q, clinic.code),
      hashes: queryTermsOf(q, this.policy.everydayView(caller), options).flatMap((term) => this.cipher.blindIndexesForSearch(term)),
    };
  }

  /**
   * Of these clients of the clinic, those in treatment, with their open
   * episode's first day and registration day (what the missed-dose count
   * starts from), for facts about listed clients the caller may see already.
   */
  treatmentDaysOf(clinicId: string, ids: string[]): Promise<Array<{ id: string; episodeStart: string; registeredOn: string }>> {
    return this.clients.treatmentDaysOf(clinicId, ids);
  }

  /**
   * The clients of the caller's worklist as a statement to read beside an
   * area's own rows (`WITH seen AS (...)`): those the caller sees in everyday
   * work (the access policy's visibility, without emergency access), with the
   * columns `id`, `code`, `status`, `in_treatment`, `episode_start`,
   * `registered_on` (clinic days, YYYY-MM-DD) and `without_counselor`.
   * Due drop-outs of the caller's clinic (`clinic`, read already) are
   * settled first, so none is in treatment.
   */
  async worklistClients(caller: Caller, clinic: ClinicDto): Promise<Sql> {
    await this.dropouts.settleClinic(clinic);
    return worklistClientsSql(await this.policy.everydaySql(caller, 'c'));
  }

  /**
   * The caller's clinic's clients in treatment that the caller may see (the
   * access policy's SQL), by code, with their open episode's first day and
   * the grounds; due drop-outs are settled first, so none is listed.
   */
  async visibleInTreatment(caller: Caller): Promise<VisibleInTreatment[]> {
    if (!caller.clinicId) return [];
    await this.dropouts.settleClinic(await this.clinics.callersClinic(caller));
    const { where, grounds } = await this.policy.visibleWithGroundsSql(caller, 'c');
    return this.clients.visibleInTreatment(caller.clinicId, where, grounds);
  }

  /** The first day of the client's first episode (their intake), or null without one. */
  intakeOf(clientId: string): Promise<string | null> {
    return this.clients.intakeOf(clientId);
  }

  /** Client codes by id, for lists that name clients (emergency access review). */
  codesOf(ids: string[]): Promise<Map<string, string>> {
    return this.clients.codesOf(ids);
  }
}
