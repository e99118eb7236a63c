/** The six staff roles of product.md. */
export enum Role {
  Admin = 'admin',
  Coordinator = 'coordinator',
  Physician = 'physician',
  Nurse = 'nurse',
  Counselor = 'counselor',
  PeerLeader = 'peer_leader',
}

export const ROLES: readonly Role[] = Object.values(Role);

/** Roles that give clinical care and may use emergency access. */
export const CLINICAL_ROLES: readonly Role[] = [Role.Physician, Role.Nurse, Role.Counselor];
