import { Role } from './role';

/**
 * What a route lets a caller do. Every authenticated route names one; the
 * table below is the only place that says which role holds which.
 * Per-record rules (own clinic, care team, consent) come on top, in services.
 */
export enum Permission {
  SelfRead = 'self.read',
  SelfPasswordChange = 'self.password.change',
  SelfLogout = 'self.logout',
  ClinicCreate = 'clinic.create',
  ClinicRead = 'clinic.read',
  ClinicSettingsUpdate = 'clinic.settings.update',
  StaffCreate = 'staff.create',
  StaffRead = 'staff.read',
  StaffUpdate = 'staff.update',
  StaffPasswordReset = 'staff.password.reset',
  AuditRead = 'audit.read',
  AuditVerify = 'audit.verify',
  ClientCreate = 'client.create',
  ClientRead = 'client.read',
  ClientUpdate = 'client.update',
  CareTeamRead = 'care_team.read',
  CareTeamManage = 'care_team.manage',
  EpisodeRead = 'episode.read',
  EpisodeManage = 'episode.manage',
  ConsentRead = 'consent.read',
  ConsentRecord = 'consent.record',
  EmergencyAccessRequest = 'emergency_access.request',
  EmergencyAccessReview = 'emergency_access.review',
  AccessLogRead = 'access_log.read',
}

const SELF = [Permission.SelfRead, Permission.SelfPasswordChange, Permission.SelfLogout];

export const ROLE_PERMISSIONS: Readonly<Record<Role, ReadonlySet<Permission>>> = {
  [Role.Admin]: new Set([
    ...SELF,
    Permission.ClinicCreate,
    Permission.ClinicRead,
    Permission.ClinicSettingsUpdate,
    Permission.StaffCreate,
    Permission.StaffRead,
    Permission.StaffUpdate,
    Permission.StaffPasswordReset,
    Permission.AuditRead,
    Permission.AuditVerify,
  ]),
  [Role.Coordinator]: new Set([
    ...SELF,
    Permission.ClinicRead,
    Permission.ClinicSettingsUpdate,
    Permission.StaffRead,
    Permission.AuditRead,
    Permission.AuditVerify,
    Permission.ClientCreate,
    Permission.ClientRead,
    Permission.ClientUpdate,
    Permission.CareTeamRead,
    Permission.CareTeamManage,
    Permission.EpisodeRead,
    Permission.EpisodeManage,
    Permission.ConsentRead,
    Permission.ConsentRecord,
    Permission.EmergencyAccessReview,
    Permission.AccessLogRead,
  ]),
  [Role.Physician]: new Set([
    ...SELF,
    Permission.ClientRead,
    Permission.CareTeamRead,
    Permission.EpisodeRead,
    Permission.EpisodeManage,
    Permission.EmergencyAccessRequest,
  ]),
  [Role.Nurse]: new Set([
    ...SELF,
    Permission.ClientRead,
    Permission.CareTeamRead,
    Permission.EpisodeRead,
    Permission.EmergencyAccessRequest,
  ]),
  [Role.Counselor]: new Set([
    ...SELF,
    Permission.ClientCreate,
    Permission.ClientRead,
    Permission.ClientUpdate,
    Permission.CareTeamRead,
    Permission.EpisodeRead,
    Permission.EpisodeManage,
    Permission.ConsentRead,
    Permission.ConsentRecord,
    Permission.EmergencyAccessRequest,
  ]),
  [Role.PeerLeader]: new Set([...SELF, Permission.ClientRead]),
};

export function roleHas(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role]?.has(permission) ?? false;
}
