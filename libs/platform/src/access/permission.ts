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
  ]),
  [Role.Physician]: new Set(SELF),
  [Role.Nurse]: new Set(SELF),
  [Role.Counselor]: new Set(SELF),
  [Role.PeerLeader]: new Set(SELF),
};

export function roleHas(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role]?.has(permission) ?? false;
}
