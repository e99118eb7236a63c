import { Inject, Injectable } from '@nestjs/common';
import { ClinicsService } from '@tongban/clinics';
import { Caller, Clock, PreparedStatements, Role, sql, Sql } from '@tongban/platform';
import {
  AccessDecision,
  AccessPurpose,
  ClientDataKind,
  ClientView,
  decideAccess,
  decideGuestAccess,
  guestMayReach,
  Relation,
  ROLE_RULES,
  RoleRule,
  viewOn,
} from './access-rules';
import { hasConsentSql } from './consent-in-force-sql';
import { HOSTED_GUEST_RULE, type HostedGuestRule } from './hosted-guest-rule';
import { LED_GROUP_RULE, type LedGroupRule } from './led-group-rule';

export type ClientStatus = 'active' | 'dropped_out' | 'discharged' | 'transferred' | 'deceased';

/** What the policy needs to know of a client. */
export interface ClientRef {
  id: string;
  clinicId: string;
  status: ClientStatus;
}

/** Emergency access lasts this long. */
export const EMERGENCY_ACCESS_MINUTES = 60;

/** The caller's relation to one client, as {@link ClientAccessPolicy.relationColumns} reads it. */
export interface RelationRow {
  /** The role's everyday relation, where only the database can tell (care team, led groups, consent). */
  related: boolean;
  emergency: boolean;
}

/** A SQL condition on a client alias, with its parameters, plus the grounds each visible row rests on. */
export interface VisibilityFilter {
  where: string;
  grounds: string;
  params: Record<string, unknown>;
}

/** Relations only the database can tell; the others follow from the client's clinic and status. */
const RELATIONS_IN_SQL: ReadonlySet<Relation> = new Set<Relation>(['care_team', 'led_group_with_consent']);

/**
 * The one access policy for client data. The rules are the data of
 * `ROLE_RULES` and the decision is `decideAccess` (access-rules.ts); this
 * class reads the facts they need (care team, groups led, consent in force,
 * emergency access) and writes the same rules as SQL for lists. A caller the
 * policy does not allow gets the same 404 as for a client that does not exist.
 */
@Injectable()
export class ClientAccessPolicy {
  constructor(
    private readonly prepared: PreparedStatements,
    private readonly clinics: ClinicsService,
    private readonly clock: Clock,
    @Inject(LED_GROUP_RULE) private readonly inLedGroup: LedGroupRule,
    @Inject(HOSTED_GUEST_RULE) private readonly guests: HostedGuestRule,
  ) {}

  /**
   * `relation`, when given, is what {@link relationColumns} read in the
   * statement that read the client; without it, the relation is read here.
   * `purpose` says what the caller means to do; emergency access opens only
   * some purposes (`EMERGENCY_OPENS`).
   */
  async decide(
    caller: Caller,
    client: ClientRef,
    kind: ClientDataKind,
    relation?: RelationRow,
    purpose: AccessPurpose = 'read',
  ): Promise<AccessDecision | null> {
    if (caller.clinicId === null) return null;
    if (caller.clinicId !== client.clinicId) return this.decideAsHost(caller, caller.clinicId, client, kind, purpose);
    const rule = ROLE_RULES[caller.role];
    const row = relation ?? (await this.relationRow(caller, rule, client));
    return decideAccess(caller.role, kind, { related: holds(rule.relation, client, row), emergency: row.emergency }, purpose);
  }

  /**
   * A caller of another clinic than the client's: the guest rule
   * (`GUEST_RULE`), with the arrangement read for the host clinic's today.
   * Nothing is read for a caller the rule could never open the kind to.
   */
  private async decideAsHost(
    caller: Caller,
    hostClinicId: string,
    client: ClientRef,
    kind: ClientDataKind,
    purpose: AccessPurpose,
  ): Promise<AccessDecision | null> {
    if (!guestMayReach(caller.role, kind, purpose) || client.status !== 'active') return null;
    const day = await this.clinics.today(hostClinicId, caller);
    const row = await sql`SELECT ${this.guests.hosted(sql`${client.id}::uuid`, sql`${hostClinicId}::uuid`, sql`${day}::date`)} AS hosted`
      .named('clients.hosted_guest')
      .one<{ hosted: boolean }>(this.prepared);
    return decideGuestAccess(caller.role, kind, purpose, { hosted: row.hosted, active: true, hostClinicId });
  }

  /**
   * The guests a host clinic's caller may dose on `day` (the clinic's today),
   * as a condition on `alias` (a `client` row of another clinic), or null
   * when the caller's role never hosts guests.
   */
  guestsSql(caller: Caller, alias: string, day: string): Sql | null {
    if (caller.clinicId === null || !guestMayReach(caller.role, 'window', 'read')) return null;
    const client = sql.ident(alias);
    return sql`${client}.clinic_id <> ${caller.clinicId}::uuid AND ${client}.status = 'active'
               AND ${this.guests.hosted(sql`${client}.id`, sql`${caller.clinicId}::uuid`, sql`${day}::date`)}`;
  }

  /** Where the clients of a clinic (`clinicId`) dose as guests on `day`: a relation `(client_id, away)`, `away` as JSON `{ hostClinicId, until }`. */
  awaySql(clinicId: string, day: Sql): Sql {
    return this.guests.awayOn(sql`${clinicId}::uuid`, day);
  }

  /** The clients a caller may see, as a condition on `alias` (a `client` row), for a query builder. */
  async visibility(caller: Caller, alias: string): Promise<VisibilityFilter> {
    const { where, grounds } = await this.visibleClients(caller, alias);
    const condition = where.forQueryBuilder('polw');
    const groundsColumn = grounds.forQueryBuilder('polg');
    return { where: condition.text, grounds: groundsColumn.text, params: { ...condition.params, ...groundsColumn.params } };
  }

  /** The same condition as {@link visibility}, as a fragment of a statement written with `sql`. */
  async visibleSql(caller: Caller, alias: string): Promise<Sql> {
    return (await this.visibleClients(caller, alias)).where;
  }

  /** {@link visibleSql} with the grounds each visible row rests on (`care_team`, `role`, `emergency`, …) as an SQL expression. */
  visibleWithGroundsSql(caller: Caller, alias: string): Promise<{ where: Sql; grounds: Sql }> {
    return this.visibleClients(caller, alias);
  }

  /**
   * The clients the caller sees in everyday work, without those opened only
   * by emergency access (a worklist is the caller's own caseload, not what
   * they broke the glass for), as a condition on `alias`.
   */
  async everydaySql(caller: Caller, alias: string): Promise<Sql> {
    return (await this.visibleClients(caller, alias, true)).where;
  }

  private async visibleClients(caller: Caller, alias: string, everydayOnly = false): Promise<{ where: Sql; grounds: Sql }> {
    const rule = ROLE_RULES[caller.role];
    if (caller.clinicId === null || rule.relation === 'none') return { where: sql`FALSE`, grounds: sql`'role'` };
    const client = sql.ident(alias);
    const staffId = sql`${caller.staffId}::uuid`;
    const today =
      rule.relation === 'led_group_with_consent'
        ? sql`${this.clock.today((await this.clinics.callersClinic(caller)).timeZone)}::date`
        : sql`NULL`;
    const related = relatedSql(rule.relation, caller.role, client, sql`${client}.id`, staffId, today, this.inLedGroup);
    const emergency = sql`EXISTS (SELECT 1 FROM emergency_access pol_e WHERE pol_e.client_id = ${client}.id AND pol_e.staff_id = ${staffId} AND pol_e.expires_at > ${this.clock.now()}::timestamptz)`;
    const sameClinic = sql`${client}.clinic_id = ${caller.clinicId}::uuid`;
    if (!rule.mayBreakGlass || everydayOnly) {
      return { where: related ? sql`${sameClinic} AND ${related}` : sameClinic, grounds: sql`${rule.grounds}::text` };
    }
    return {
      where: related ? sql`${sameClinic} AND (${related} OR ${emergency})` : sameClinic,
      // As decideAccess: emergency wins over a narrower everyday view, a full view keeps its own grounds.
      grounds:
        rule.view === 'full'
          ? sql`CASE WHEN ${related ?? sql`TRUE`} THEN ${rule.grounds}::text ELSE 'emergency' END`
          : sql`CASE WHEN ${emergency} THEN 'emergency' ELSE ${rule.grounds}::text END`,
    };
  }

  /** The view of a list item shown on these grounds: emergency access shows the whole record. */
  viewFor(caller: Caller, grounds: AccessDecision['grounds']): ClientView {
    return viewOn(caller.role, grounds);
  }

  /** The view the caller has of clients they see in everyday work (what a search may match). */
  everydayView(caller: Caller): ClientView {
    return ROLE_RULES[caller.role].view;
  }

  /** May this caller break the glass at all? */
  mayUseEmergencyAccess(caller: Caller): boolean {
    return ROLE_RULES[caller.role].mayBreakGlass;
  }

  /**
   * The caller's relation to a client as the columns `related` and
   * `emergency` of a statement that reads the client anyway (`clientId` is an
   * SQL expression), for {@link decide}. Null for a peer leader, whose
   * consent is judged by the clinic's day: {@link decide} reads theirs itself.
   */
  relationColumns(caller: Caller, clientId: Sql): Sql | null {
    const rule = ROLE_RULES[caller.role];
    if (rule.relation === 'led_group_with_consent') return null;
    return this.relationSql(caller, rule, clientId, null);
  }

  private async relationRow(caller: Caller, rule: RoleRule, client: ClientRef): Promise<RelationRow> {
    if (!RELATIONS_IN_SQL.has(rule.relation) && !rule.mayBreakGlass) return { related: false, emergency: false };
    const today = rule.relation === 'led_group_with_consent' ? sql`${await this.clinics.today(client.clinicId, caller)}::date` : null;
    const columns = this.relationSql(caller, rule, sql`${client.id}::uuid`, today);
    return sql`SELECT ${columns}`.named('clients.relation').one<RelationRow>(this.prepared);
  }

  /** The relation's columns; `today` (an SQL expression) only for a relation that asks for a consent. */
  private relationSql(caller: Caller, rule: RoleRule, clientId: Sql, today: Sql | null): Sql {
    const staffId = sql`${caller.staffId}::uuid`;
    const related =
      RELATIONS_IN_SQL.has(rule.relation) && (rule.relation !== 'led_group_with_consent' || today !== null)
        ? (relatedSql(rule.relation, caller.role, null, clientId, staffId, today ?? sql`NULL`, this.inLedGroup) ?? sql`TRUE`)
        : sql`FALSE`;
    const emergency = rule.mayBreakGlass
      ? sql`EXISTS (SELECT 1 FROM emergency_access WHERE client_id = ${clientId} AND staff_id = ${staffId} AND expires_at > ${this.clock.now()}::timestamptz)`
      : sql`FALSE`;
    return sql`${related} AS related, ${emergency} AS emergency`;
  }
}

/** Whether a role's everyday relation holds, given the client and what the database said. */
function holds(relation: Relation, client: ClientRef, row: RelationRow): boolean {
  switch (relation) {
    case 'clinic':
      return true;
    case 'in_treatment':
      return client.status === 'active';
    case 'none':
      return false;
    default:
      return row.related;
  }
}

/**
 * A role's everyday relation to a client of its clinic in SQL: `alias` is the
 * client row where there is one (lists), `clientId`, `staffId` and `today`
 * SQL expressions; `inLedGroup` the peer-groups area's rule for a peer
 * leader. Null when it always holds (the clinic's own clients).
 */
function relatedSql(
  relation: Relation,
  role: Role,
  alias: Sql | null,
  clientId: Sql,
  staffId: Sql,
  today: Sql,
  inLedGroup: LedGroupRule,
): Sql | null {
  const onTeam = sql`EXISTS (SELECT 1 FROM care_team_member pol_t WHERE pol_t.client_id = ${clientId} AND pol_t.staff_id = ${staffId} AND pol_t.role = ${role}::varchar)`;
  switch (relation) {
    case 'clinic':
      return null;
    case 'in_treatment':
      return alias ? sql`${alias}.status = 'active'` : sql`FALSE`;
    case 'care_team':
      return onTeam;
    case 'led_group_with_consent':
      // A peer leader is related to the members of the groups they lead, as to a client whose care team they are on.
      return sql`(${onTeam} OR ${inLedGroup(clientId, staffId)}) AND ${hasConsentSql(clientId, 'peer_support', today, sql`pol_c`)}`;
    case 'none':
      return sql`FALSE`;
  }
}
