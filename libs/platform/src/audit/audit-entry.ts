import { Role } from '../access/role';

/** On what grounds a caller was allowed to do or see something (api.md, access-log). */
export type AccessGrounds = 'care_team' | 'role' | 'consent' | 'emergency' | 'guest_dosing';

/** Who did it: a signed-in caller, or the account a login attempt named. */
export interface AuditActor {
  staffId: string | null;
  role: Role | null;
  requestId: string | null;
}

/** What to record. `details` must never hold personal data: ids, codes and counts only. */
export interface AuditEntry {
  action: string;
  clinicId: string | null;
  clientId?: string | null;
  targetType?: string;
  targetId?: string;
  grounds?: AccessGrounds;
  details?: Record<string, unknown>;
  /**
   * Another clinic whose chain records the same event (the caller's, when it
   * is not the client's: guest dosing, transfers). Each chain holds its copy.
   */
  alsoClinicId?: string | null;
}

/** One list read: the clients it showed, on what grounds. */
export interface AuditListEntry {
  action: string;
  clinicId: string | null;
  clientIds: readonly string[];
  grounds?: AccessGrounds;
  targetType?: string;
  targetId?: string;
  details?: Record<string, unknown>;
}

/** What an area knows after the access policy let a caller at one client: the client, and on what grounds. */
export interface ClientAccessGranted {
  client: { id: string; clinicId: string };
  decision: { grounds: AccessGrounds; hostClinicId?: string };
}

/**
 * The audit entry of an action on one client the access policy allowed: the
 * client's clinic chain, the client as target, the grounds the policy gave.
 * Areas spread it and may name a more precise target (`targetType`, `targetId`).
 */
export function clientAuditEntry(access: ClientAccessGranted, action: string, details?: Record<string, unknown>): AuditEntry {
  return {
    action,
    clinicId: access.client.clinicId,
    clientId: access.client.id,
    targetType: 'client',
    targetId: access.client.id,
    grounds: access.decision.grounds,
    details,
    alsoClinicId: access.decision.hostClinicId ?? null,
  };
}
