#!/usr/bin/env node
// Each table belongs to the area whose entity declares it (libs/<area>/src/**/*.entity.ts). Its name may appear in
// SQL (FROM, JOIN, INTO, UPDATE, TABLE, or a query builder's from/join) only inside that area, or in the places
// listed in READS_ACROSS below, each with its reason. Part of `npm run check`; `--root <dir>` checks another tree.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Where a table of another area may be named in SQL, and why. Nothing else may: a rule another area needs is asked of
 * its owner (an exported SQL definition such as consent's `hasConsentSql`, clinics' `clinicDaySql` or peer groups'
 * `isCurrentMemberSql`, or a service).
 * Shrink this list; never grow it without the reason.
 */
export const READS_ACROSS = {
  'libs/reports/src/reports.repository.ts': {
    tables: ['client', 'treatment_episode', 'dosing_visit', 'family_interaction', 'peer_attendance', 'peer_group', 'peer_meeting'],
    why: 'the reports are the read model over every area (aggregates, and attendance per member by client code under the access policy; never personal data)',
  },
  'libs/exports/src/research/research-export.repository.ts': {
    tables: [
      'client',
      'treatment_episode',
      'dosing_visit',
      'peer_attendance',
      'family_interaction',
      'assessment',
      'drug_test',
      'drug_test_result',
    ],
    why: 'the research export is a de-identified read model over every area, set-based over the consenting clients (no free text, names or codes selected)',
  },
  'libs/reminders/src/delivery/delivery.repository.ts': {
    tables: ['client', 'clinic', 'consent', 'family_contact', 'peer_meeting', 'staff'],
    why: 'the send-time check: one statement re-reads every ground a reminder rests on just before it goes (the safety net)',
  },
  'libs/reminders/src/delivery/sweeps.repository.ts': {
    tables: ['client', 'treatment_episode', 'clinic', 'consent', 'care_team_member', 'family_contact', 'staff'],
    why: 'the daily sweeps select who is due a reminder, set-based over the clinic',
  },
  'libs/reminders/src/reminders.repository.ts': { tables: ['client', 'clinic'], why: "a reminder's client and clinic time zone" },
  'libs/reminders/src/scheduling/meeting-reminders-sql.ts': {
    tables: ['client', 'clinic', 'peer_meeting'],
    why: "a meeting's reminders, one per current member, in the meeting's transaction",
  },
  'libs/reminders/src/scheduling/reminder-scheduling.ts': { tables: ['client', 'clinic'], why: 'the client of an appointment reminder' },
  'libs/dosing/src/coverage-sql.ts': { tables: ['client', 'clinic'], why: "the client's registration day in the clinic's time zone" },
  'libs/dosing/src/dosing.repository.ts': {
    tables: ['client', 'clinic', 'treatment_episode'],
    why: "the window's list joins the client, its episode and the clinic day",
  },
  'libs/clients/src/clients.repository.ts': { tables: ['clinic'], why: "the clinic's time zone for the clinic day" },
  'libs/peer-groups/src/peer-groups.repository.ts': { tables: ['client'], why: "a group's member list shows each member's code" },
  'libs/auth/src/auth.repository.ts': { tables: ['staff'], why: 'sign-in reads the account it signs in' },
};

const SQL_NAME = (names) =>
  new RegExp(
    String.raw`(?:\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\s+"?(${names})"?\b)|(?:\.(?:from|innerJoin|leftJoin|innerJoinAndSelect|leftJoinAndSelect|into|update)\(\s*'(${names})')`,
    'g',
  );

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (entry.name.endsWith('.ts')) yield path;
  }
}

/** Which area owns each table, from the entities. */
export function tableOwners(root) {
  const owners = new Map();
  for (const area of readdirSync(join(root, 'libs'))) {
    if (!existsSync(join(root, 'libs', area, 'src'))) continue;
    for (const file of files(join(root, 'libs', area, 'src'))) {
      if (!file.endsWith('.entity.ts')) continue;
      for (const match of readFileSync(file, 'utf8').matchAll(/@Entity\(\s*'([a-z_]+)'/g)) owners.set(match[1], area);
    }
  }
  return owners;
}

/** Every place a table is named in SQL outside its area and outside READS_ACROSS: `{ file, line, table, owner }`. */
export function findViolations(root) {
  const owners = tableOwners(root);
  const pattern = SQL_NAME([...owners.keys()].sort((a, b) => b.length - a.length).join('|'));
  const violations = [];
  const roots = ['libs', 'apps'].map((dir) => join(root, dir));
  for (const top of roots) {
    for (const file of files(top)) {
      const path = relative(root, file).split('\\').join('/');
      if (path.startsWith('apps/web/') || /\.(e2e-)?spec\.ts$/.test(path) || path.includes('/migrations/')) continue;
      const area = path.startsWith('libs/') ? path.split('/')[1] : null;
      const allowed = READS_ACROSS[path]?.tables ?? [];
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((text, index) => {
          for (const match of text.matchAll(pattern)) {
            const table = match[1] ?? match[2];
            const owner = owners.get(table);
            if (owner !== area && !allowed.includes(table)) violations.push({ file: path, line: index + 1, table, owner });
          }
        });
    }
  }
  return violations;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const at = process.argv.indexOf('--root');
  const root = at > 0 ? process.argv[at + 1] : process.cwd();
  const violations = findViolations(root);
  for (const v of violations) {
    console.error(
      `${v.file}:${v.line}: table ${v.table} belongs to libs/${v.owner}: ask that area (its SQL definition or service) instead`,
    );
  }
  if (violations.length > 0) process.exit(1);
  console.log(`table ownership: ${tableOwners(root).size} tables, each named in SQL only by its area or a listed read across areas`);
}
