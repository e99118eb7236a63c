import type { Role } from '../auth/session';

export interface NavItem {
  to: string;
  label: string;
}

/** Each role's screens, first one is home. Every screen shows only what the API returns for the role. */
export const NAVIGATION: Record<Role, NavItem[]> = {
  nurse: [
    { to: '/dosing', label: 'nav.dosingWindow' },
    { to: '/dosing/day-sheet', label: 'nav.daySheet' },
  ],
  physician: [
    { to: '/dosing', label: 'nav.dosingWindow' },
    { to: '/dosing/day-sheet', label: 'nav.daySheet' },
    { to: '/clients', label: 'nav.caseload' },
  ],
  counselor: [{ to: '/clients', label: 'nav.caseload' }],
  peer_leader: [{ to: '/groups', label: 'nav.myGroups' }],
  coordinator: [
    { to: '/dashboard', label: 'nav.dashboard' },
    { to: '/clients', label: 'nav.caseload' },
    { to: '/dosing', label: 'nav.dosingWindow' },
    { to: '/dosing/day-sheet', label: 'nav.daySheet' },
    { to: '/groups', label: 'nav.myGroups' },
    { to: '/reports/retention', label: 'nav.retention' },
    { to: '/reports/attendance', label: 'nav.attendanceReport' },
    { to: '/reports/dosing', label: 'nav.dosingReport' },
    { to: '/access', label: 'nav.accessLog' },
    { to: '/reminders', label: 'nav.reminders' },
  ],
  admin: [
    { to: '/admin/clinics', label: 'nav.clinics' },
    { to: '/admin/staff', label: 'nav.staff' },
  ],
};
