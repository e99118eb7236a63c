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
