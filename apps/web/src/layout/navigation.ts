import { can, type Permission, type User } from '../auth/session';

export interface NavItem {
  to: string;
  label: string;
  /** What the screen's main route needs (api.md); the menu shows the screen to those who hold it. */
  permission: Permission;
}

/** Every screen of the menu, in its order. */
const SCREENS: NavItem[] = [
  // What is due today: the home of every clinic role (product.md, "Daily work").
  { to: '/today', label: 'nav.today', permission: 'worklist.read' },
  { to: '/dashboard', label: 'nav.dashboard', permission: 'report.read' },
  { to: '/dosing', label: 'nav.dosingWindow', permission: 'dosing.today' },
  { to: '/dosing/day-sheet', label: 'nav.daySheet', permission: 'dosing.day_sheet' },
  // The caseload belongs to those who carry clients' treatment (open and end episodes); a nurse
  // opens a record from the window, a peer leader sees members in their groups.
  { to: '/clients', label: 'nav.caseload', permission: 'episode.manage' },
  // The groups whose meetings one holds and records.
  { to: '/groups', label: 'nav.myGroups', permission: 'attendance.record' },
  { to: '/reports/retention', label: 'nav.retention', permission: 'report.read' },
  { to: '/reports/attendance', label: 'nav.attendanceReport', permission: 'report.read' },
  { to: '/reports/dosing', label: 'nav.dosingReport', permission: 'report.read' },
  { to: '/reports/drug-tests', label: 'nav.drugTestReport', permission: 'report.read' },
  // The consenting clients' records, de-identified, for a research project.
  { to: '/reports/research', label: 'nav.researchExport', permission: 'research.export' },
  { to: '/access', label: 'nav.accessLog', permission: 'access_log.read' },
  { to: '/reminders', label: 'nav.reminders', permission: 'reminder.read' },
  // Clients another clinic proposes to move here (transfers).
  { to: '/transfers', label: 'nav.transfers', permission: 'transfer.decide' },
  // Dosing given before the clinic used Tongban, from a file.
  { to: '/dosing/import', label: 'nav.dosingImport', permission: 'dosing.import' },
  { to: '/admin/clinics', label: 'nav.clinics', permission: 'clinic.create' },
  { to: '/admin/staff', label: 'nav.staff', permission: 'staff.create' },
  // The clinic's approved SMS templates (Aliyun, Tencent Cloud): after the administrator's home, the clinics.
  { to: '/sms-templates', label: 'nav.smsTemplates', permission: 'clinic.settings.update' },
];

/** The user's screens, from the permissions `/auth/me` answered; the first is their home. */
export function navigationFor(user: User): NavItem[] {
  return SCREENS.filter((screen) => can(user, screen.permission));
}

/** The user's home: the first of their screens (the worklist for every clinic role), or none. */
export function homeFor(user: User): string | undefined {
  return navigationFor(user)[0]?.to;
}
