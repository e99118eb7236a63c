import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AccessGrounds, Caller, Clock, PreparedStatements, Role } from '@tongban/platform';
import { ClinicsService } from '@tongban/clinics';
import { DataSource } from 'typeorm';
import { hasConsentSql } from './consent-in-force-sql';

export type ClientStatus = 'active' | 'dropped_out' | 'discharged' | 'transferred' | 'deceased';

/** The kinds of a client's data a route touches. */
export type ClientDataKind =
  'profile' | 'care_team' | 'episodes' | 'consents' | 'access_log' | 'dosing' | 'counseling' | 'counseling_notes' | 'family' | 'attendance';

/**
 * What the caller means to do with that data: `read` it, a `clinical_act` of
 * their role (a dose, an order, a counseling session), or `manage` the record
 * (record or revoke consents, change identity or the photo, family contacts,
 * group membership). Routes that change a client's record say `manage`.
 */
export type AccessPurpose = 'read' | 'clinical_act' | 'manage';

/**
 * Which purposes emergency access ("break the glass") opens (product.md): the
 * record to read and the clinical acts of the caller's own role, never its
 * management. A caller whose only grounds are emergency gets the 404 of a
 * hidden client for the rest.
 */
const EMERGENCY_OPENS: Readonly<Record<AccessPurpose, boolean>> = { read: true, clinical_act: true, manage: false };

/** Which fields of the client record a caller sees. */
export type ClientView = 'full' | 'clinical' | 'pseudonym';

/** What the policy needs to know of a client. */
export interface ClientRef {
  id: string;
  clinicId: string;
  status: ClientStatus;
}

export interface AccessDecision {
  grounds: AccessGrounds;
  view: ClientView;
}

const EVERYTHING: ReadonlySet<ClientDataKind> = new Set<ClientDataKind>([
  'profile',
  'care_team',
  'episodes',
  'consents',
  'access_log',
  'dosing',
  'counseling',
  'counseling_notes',
  'family',
  'attendance',
]);

/**
 * What each role may see of a client it is related to (product.md, "Who
 * uses it"). The relation itself (same clinic, care team, consent,
 * emergency access) is decided below. This table is the only place that
 * says it.
 */
const KINDS: Readonly<Record<Role, ReadonlySet<ClientDataKind>>> = {
  [Role.Admin]: new Set(),
  [Role.Coordinator]: new Set([
    'profile',
    'care_team',
    'episodes',
    'consents',
    'access_log',
    'dosing',
    'counseling',
    'family',
    'attendance',
  ]),
  [Role.Physician]: new Set(['profile', 'care_team', 'episodes', 'dosing']),
  [Role.Nurse]: new Set(['profile', 'care_team', 'episodes', 'dosing']),
  [Role.Counselor]: EVERYTHING,
  [Role.PeerLeader]: new Set(['profile', 'attendance']),
};

const VIEWS: Readonly<Record<Role, ClientView>> = {
  [Role.Admin]: 'pseudonym',
  [Role.Coordinator]: 'full',
  [Role.Physician]: 'clinical',
  [Role.Nurse]: 'clinical',
  [Role.Counselor]: 'full',
  [Role.PeerLeader]: 'pseudonym',
};

const CLINICAL_ROLES = new Set<Role>([Role.Physician, Role.Nurse, Role.Counselor]);

/** Emergency access lasts this long. */
export const EMERGENCY_ACCESS_MINUTES = 60;

/** The caller's relation to one client, as {@link ClientAccessPolicy.relationColumns} reads it. */
export interface RelationRow {
  on_team: boolean;
  emergency: boolean;
  peer_consent: boolean;
}

/** A SQL condition on a client alias, with its parameters, plus the grounds each visible row rests on. */
export interface VisibilityFilter {
  where: string;
  grounds: string;
  params: Record<string, unknown>;
}

/**
 * The one access policy for client data. It decides for (caller, client,
 * kind of data) from clinic, role, care team, active consents and emergency
 * access; lists use the same rules as a SQL condition. A caller the policy
 * does not allow gets the same 404 as for a client that does not exist.
 */
@Injectable()
export class ClientAccessPolicy {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly prepared: PreparedStatements,
    private readonly clinics: ClinicsService,
    private readonly clock: Clock,
  ) {}

  /**
   * `relation`, when given, is what {@link relationColumns} read in the
   * statement that read the client; without it, the relation is read here.
   * `purpose` says what the caller means to do; emergency access opens only
   * the purposes of {@link EMERGENCY_OPENS}.
   */
  async decide(
    caller: Caller,
    client: ClientRef,
    kind: ClientDataKind,
    relation?: RelationRow,
    purpose: AccessPurpose = 'read',
  ): Promise<AccessDecision | null> {
    if (caller.clinicId === null || caller.clinicId !== client.clinicId) return null;
    const standing = this.standing(caller, client, relation ?? (await this.relationRow(caller, client)));
    const byRelation = standing.base && KINDS[caller.role].has(kind) ? { grounds: standing.base, view: VIEWS[caller.role] } : null;
    // Emergency access is full access where it applies: it wins over a narrower everyday view.
    if (standing.emergency && EMERGENCY_OPENS[purpose] && byRelation?.view !== 'full') return { grounds: 'emergency', view: 'full' };
    return byRelation;
  }

  /** The clients a caller may see, as a condition on `alias` (a `client` row). */
  async visibility(caller: Caller, alias: string): Promise<VisibilityFilter> {
    if (caller.clinicId === null || caller.role === Role.Admin) return { where: 'FALSE', grounds: `'role'`, params: {} };
    const params: Record<string, unknown> = { polClinicId: caller.clinicId, polStaffId: caller.staffId, polNow: this.clock.now() };
    const sameClinic = `${alias}.clinic_id = :polClinicId`;
    const emergency = `EXISTS (SELECT 1 FROM emergency_access pol_e WHERE pol_e.client_id = ${alias}.id AND pol_e.staff_id = :polStaffId AND pol_e.expires_at > :polNow)`;
    const onTeam = (role: string): string =>
      `EXISTS (SELECT 1 FROM care_team_member pol_t WHERE pol_t.client_id = ${alias}.id AND pol_t.staff_id = :polStaffId AND pol_t.role = '${role}')`;
    switch (caller.role) {
      case Role.Coordinator:
        return { where: sameClinic, grounds: `'role'`, params };
      case Role.Physician:
        return { where: sameClinic, grounds: `CASE WHEN ${emergency} THEN 'emergency' ELSE 'role' END`, params };
      case Role.Nurse:
        return {
          where: `${sameClinic} AND (${alias}.status = 'active' OR ${emergency})`,
          grounds: `CASE WHEN ${emergency} THEN 'emergency' ELSE 'role' END`,
          params,
        };
      case Role.Counselor:
        return {
          where: `${sameClinic} AND (${onTeam('counselor')} OR ${emergency})`,
          grounds: `CASE WHEN ${onTeam('counselor')} THEN 'care_team' ELSE 'emergency' END`,
          params,
        };
      case Role.PeerLeader:
        params.polToday = await this.clinics.today(caller.clinicId);
        return {
          where: `${sameClinic} AND (${onTeam('peer_leader')} OR ${inLedGroupSql(`${alias}.id`, ':polStaffId')}) AND ${hasConsentSql(`${alias}.id`, 'peer_support', ':polToday', 'pol_c')}`,
          grounds: `'consent'`,
          params,
        };
      default:
        return { where: 'FALSE', grounds: `'role'`, params: {} };
    }
  }

  /** The view of a list item shown on these grounds: emergency access shows the whole record. */
  viewFor(caller: Caller, grounds: AccessGrounds): ClientView {
    return grounds === 'emergency' ? 'full' : VIEWS[caller.role];
  }

  /** The view the caller has of clients they see in everyday work (what a search may match). */
  everydayView(caller: Caller): ClientView {
    return VIEWS[caller.role];
  }

  /** May this caller break the glass at all? */
  mayUseEmergencyAccess(caller: Caller): boolean {
    return CLINICAL_ROLES.has(caller.role);
  }

  /**
   * The caller's relation to a client as the columns `on_team`, `emergency`
   * and `peer_consent` of a statement that reads the client anyway (`clientId`
   * is an SQL expression; `param` adds a parameter and answers its
   * placeholder), for {@link decide}. Null for a peer leader, whose consent is
   * judged by the clinic's day: {@link decide} reads theirs itself.
   */
  relationColumns(caller: Caller, clientId: string, param: (value: unknown) => string): string | null {
    if (caller.role === Role.PeerLeader) return null;
    return this.relationSql(caller, clientId, param, null);
  }

  private async relationRow(caller: Caller, client: ClientRef): Promise<RelationRow> {
    if (caller.role === Role.Coordinator) return { on_team: false, emergency: false, peer_consent: false };
    const params: unknown[] = [];
    const param = (value: unknown): string => `$${params.push(value)}`;
    const today = caller.role === Role.PeerLeader ? await this.clinics.today(client.clinicId) : null;
    const sql = this.relationSql(caller, `${param(client.id)}::uuid`, param, today === null ? null : param(today));
    const rows = await this.prepared.query<RelationRow[]>(`SELECT ${sql}`, params);
    return rows[0];
  }

  /** The relation's columns; `today` (an SQL expression) only for a peer leader. */
  private relationSql(caller: Caller, clientId: string, param: (value: unknown) => string, today: string | null): string {
    let staff: string | null = null;
    const staffId = (): string => (staff ??= `${param(caller.staffId)}::uuid`);
    if (caller.role === Role.Coordinator) return 'FALSE AS on_team, FALSE AS emergency, FALSE AS peer_consent';
    let onTeamSql = 'FALSE';
    if (caller.role === Role.Counselor || caller.role === Role.PeerLeader) {
      onTeamSql = `EXISTS (SELECT 1 FROM care_team_member WHERE client_id = ${clientId} AND staff_id = ${staffId()} AND role = ${param(caller.role)})`;
    }
    // A peer leader is related to the members of the groups they lead, as to a client whose care team they are on.
    if (caller.role === Role.PeerLeader) onTeamSql = `(${onTeamSql} OR ${inLedGroupSql(clientId, staffId())})`;
    const emergencySql = CLINICAL_ROLES.has(caller.role)
      ? `EXISTS (SELECT 1 FROM emergency_access WHERE client_id = ${clientId} AND staff_id = ${staffId()} AND expires_at > ${param(this.clock.now())})`
      : 'FALSE';
    const consentSql = caller.role === Role.PeerLeader && today !== null ? hasConsentSql(clientId, 'peer_support', today) : 'FALSE';
    return `${onTeamSql} AS on_team, ${emergencySql} AS emergency, ${consentSql} AS peer_consent`;
  }

  /** The everyday grounds the caller has (or none), and whether emergency access is open. */
  private standing(caller: Caller, client: ClientRef, row: RelationRow): { base: AccessGrounds | null; emergency: boolean } {
    const { on_team: onTeam, emergency, peer_consent: peerConsent } = row;
    let base: AccessGrounds | null = null;
    switch (caller.role) {
      case Role.Coordinator:
        base = 'role';
        break;
      case Role.Physician:
        base = 'role';
        break;
      case Role.Nurse:
        base = client.status === 'active' ? 'role' : null;
        break;
      case Role.Counselor:
        base = onTeam ? 'care_team' : null;
        break;
      case Role.PeerLeader:
        base = onTeam && peerConsent ? 'consent' : null;
        break;
      default:
        base = null;
    }
    return { base, emergency };
  }
}

/**
 * The client (clientId, an SQL expression) is a current member of a peer
 * group that the staff member (staffParam) leads. Tables of the peer-groups area, read here so
 * this policy stays the only place that decides.
 */
export function inLedGroupSql(clientId: string, staffParam: string): string {
  return `EXISTS (SELECT 1 FROM peer_group_member pol_m JOIN peer_group_leader pol_l ON pol_l.group_id = pol_m.group_id WHERE pol_m.client_id = ${clientId} AND pol_m.left_at IS NULL AND pol_l.staff_id = ${staffParam})`;
}
