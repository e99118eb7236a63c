import { Role } from '@tongban/platform';
import { unzipSync } from 'fflate';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import {
  addToCareTeam,
  ClientRecord,
  clinicDay,
  importDosingHistory,
  joinPeerGroup,
  makeClient,
  makeClinic,
  makeCounselingSession,
  makeFamilyContact,
  makePeerGroup,
  makePeerMeeting,
  makeStaff,
  pinClock,
  recordAttendance,
  recordConsent,
  revokeConsent,
  signInAdmin,
  SignedIn,
} from './factories';
import { startTestApp, TestApp } from './support/test-app';

const TABLES = ['clients', 'episodes', 'dosing_weeks', 'attendance', 'family_interactions', 'assessments', 'drug_tests'];
const SESSION_NOTE = 'Spoke of her cousin Lao Zhou who deals near Dianchi';
const INTERACTION_NOTE = 'Mother Wang Fang worried about the debts';
const NATIONAL_ID = '53010219850412001X';
const PHONE = '13900000211';
const PHYSICAL: Record<string, { type: string; convertedType?: string }> = {
  string: { type: 'BYTE_ARRAY', convertedType: 'UTF8' },
  integer: { type: 'INT32' },
  double: { type: 'DOUBLE' },
  boolean: { type: 'BOOLEAN' },
};

type Files = Record<string, Uint8Array>;
type Table = Array<Record<string, string>>;

/** The codebook's columns: file → [name, type] in order. */
function codebookColumns(codebook: string): Record<string, Array<[string, string]>> {
  const columns: Record<string, Array<[string, string]>> = {};
  let file: string | null = null;
  for (const line of codebook.split('\n')) {
    const heading = /^## (\S+\.(?:csv|parquet))$/.exec(line);
    if (heading) file = heading[1];
    else if (line.startsWith('## ')) file = null;
    const row = /^\| (\w+) \| (string|integer|double|boolean) \|/.exec(line);
    if (file && row) (columns[file] ??= []).push([row[1], row[2]]);
  }
  return columns;
}

/** A CSV file as rows keyed by its header (the export quotes nothing its values do not need). */
function csvRows(bytes: Uint8Array): Table {
  const [header, ...lines] = Buffer.from(bytes).toString('utf8').split('\r\n').filter(Boolean);
  const names = header.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((cell, i) => [names[i], cell])));
}

async function parquetRows(bytes: Uint8Array): Promise<Array<Record<string, unknown>>> {
  const copy = Uint8Array.from(bytes);
  return parquetReadObjects({ file: copy.buffer });
}

/**
 * `GET /exports/research` (api.md, "Reports"; product.md: research export):
 * the coordinator's clinic's consenting clients, de-identified, as a ZIP of
 * CSV or Parquet tables with a codebook; k-anonymity k = 5 on (age band, sex,
 * clinic); research IDs that link within a project and not across projects.
 */
describe('the research export', () => {
  let t: TestApp;
  let admin: SignedIn;
  let coordinator: SignedIn;
  let counselor: SignedIn;
  let nurse: SignedIn;
  let physician: SignedIn;
  let peerLeader: SignedIn;
  let otherCoordinator: SignedIn;
  let clinicCode: string;
  let cohort: ClientRecord[];
  let small: ClientRecord[];
  let excluded: ClientRecord[];
  let otherClinicClient: ClientRecord;

  beforeAll(async () => {
    t = await startTestApp();
    pinClock(t);
    admin = await signInAdmin(t);
    const clinic = await makeClinic(t, admin);
    clinicCode = clinic.code;
    const otherClinic = await makeClinic(t, admin);
    [coordinator, counselor, nurse, physician, peerLeader, otherCoordinator] = await Promise.all([
      makeStaff(t, admin, Role.Coordinator, clinic.id),
      makeStaff(t, admin, Role.Counselor, clinic.id),
      makeStaff(t, admin, Role.Nurse, clinic.id),
      makeStaff(t, admin, Role.Physician, clinic.id),
      makeStaff(t, admin, Role.PeerLeader, clinic.id),
      makeStaff(t, admin, Role.Coordinator, otherClinic.id),
    ]);
    const intake = clinicDay(t, -40);
    const research = (client: ClientRecord) => recordConsent(t, coordinator, client.id, { scope: 'research', validFrom: intake });
    // Six men born in 1985 (one band): exported. Two women born in 1995: a group of two, suppressed.
    cohort = [];
    for (let i = 0; i < 6; i++) {
      const fields = i === 0 ? { nationalId: NATIONAL_ID, phone: PHONE } : {};
      cohort.push(await makeClient(t, coordinator, { dateOfBirth: '1985-04-12', sex: 'male', intakeDate: intake, ...fields }));
    }
    small = [];
    for (let i = 0; i < 2; i++)
      small.push(await makeClient(t, coordinator, { dateOfBirth: '1995-02-01', sex: 'female', intakeDate: intake }));
    for (const client of [...cohort, ...small]) await research(client);
    // Not exported: no research consent (same band and sex as the cohort), and a research consent revoked.
    const never = await makeClient(t, coordinator, { dateOfBirth: '1985-04-12', sex: 'male', intakeDate: intake });
    const revoked = await makeClient(t, coordinator, { dateOfBirth: '1985-04-12', sex: 'male', intakeDate: intake });
    await revokeConsent(t, coordinator, revoked.id, (await research(revoked)).id, 'no longer');
    excluded = [never, revoked];
    otherClinicClient = await makeClient(t, otherCoordinator, { dateOfBirth: '1985-04-12', sex: 'male', intakeDate: intake });
    await recordConsent(t, otherCoordinator, otherClinicClient.id, { scope: 'research', validFrom: intake });

    // Records of every kind for the first of the cohort, a suppressed client and an excluded one.
    const [rich, hidden, absent] = [cohort[0], small[0], never];
    for (const client of [rich, hidden, absent]) {
      await addToCareTeam(t, coordinator, client.id, counselor);
    }
    await importDosingHistory(t, coordinator, [
      ...[rich, hidden, absent].flatMap((client) => [-30, -29, -28, -20].map((d): [string, string] => [client.code, clinicDay(t, d)])),
      [rich.code, clinicDay(t, -27), 'take_home'],
    ]);
    for (const client of [rich, hidden, absent]) {
      await t.http
        .post(`/api/v1/clients/${client.id}/drug-tests`)
        .set(physician.auth)
        .send({ date: clinicDay(t, -25), observed: true, results: [{ substance: 'opiates', result: 'positive' }] })
        .expect(201);
      await t.http
        .post(`/api/v1/clients/${client.id}/assessments`)
        .set(counselor.auth)
        .send({ instrument: 'phq9', date: clinicDay(t, -24), answers: [1, 2, 1, 0, 3, 1, 0, 2, 0] })
        .expect(201);
      await makeCounselingSession(t, counselor, client.id, { date: clinicDay(t, -23), notes: SESSION_NOTE });
      await recordConsent(t, coordinator, client.id, { scope: 'family_contact', validFrom: intake });
      const contact = await makeFamilyContact(t, counselor, client.id);
      await t.http
        .post(`/api/v1/clients/${client.id}/family-contacts/${contact.id}/interactions`)
        .set(counselor.auth)
        .send({ date: clinicDay(t, -22), channel: 'visit', summary: INTERACTION_NOTE })
        .expect(201);
      await recordConsent(t, coordinator, client.id, { scope: 'peer_support', validFrom: intake });
    }
    const group = await makePeerGroup(t, coordinator, [peerLeader]);
    for (const client of [rich, hidden, absent]) await joinPeerGroup(t, coordinator, group.id, client.id);
    const meeting = await makePeerMeeting(t, coordinator, group.id, { date: clinicDay(t, -21), topic: 'Trust' });
    await recordAttendance(t, peerLeader, group.id, meeting.id, [
      { clientId: rich.id, status: 'present' },
      { clientId: hidden.id, status: 'present' },
      { clientId: absent.id, status: 'absent' },
    ]);
  });
  afterAll(() => t.close());

  async function exportOf(who: SignedIn, format: 'csv' | 'parquet', project: string): Promise<Files> {
    const res = await t.http
      .get('/api/v1/exports/research')
      .query({ format, project })
      .set(who.auth)
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="research-.+\.zip"$/);
    return unzipSync(new Uint8Array(res.body as Buffer));
  }

  /** Everything that names or identifies a fixture client, and must appear in no byte of any file. */
  function identifying(): string[] {
    const all = [...cohort, ...small, ...excluded, otherClinicClient];
    return [
      ...all.flatMap((client) => [client.id, client.code, client.givenName, client.familyName]),
      NATIONAL_ID,
      NATIONAL_ID.toLowerCase(),
      PHONE,
      SESSION_NOTE,
      INTERACTION_NOTE,
      'Wang Fang',
      'Trust',
      'Relative',
      '1985-04-12',
      '1995-02-01',
    ];
  }

  function expectNothingIdentifying(files: Files, decoded: string[] = []): void {
    const haystacks = [...Object.values(files).map((bytes) => Buffer.from(bytes).toString('latin1')), ...decoded];
    const bytes = Object.values(files).map((file) => Buffer.from(file));
    for (const needle of identifying()) {
      for (const haystack of haystacks) expect(haystack.includes(needle) ? needle : null).toBeNull();
      for (const file of bytes) expect(file.includes(Buffer.from(needle, 'utf8')) ? needle : null).toBeNull();
    }
  }

  it('holds, as CSV, only the consenting clients in groups of at least 5, counts the suppressed in the codebook, and nothing identifying', async () => {
    const files = await exportOf(coordinator, 'csv', 'retention-2027');
    expect(Object.keys(files).sort()).toEqual([...TABLES.map((name) => `${name}.csv`), 'codebook.md'].sort());
    const clients = csvRows(files['clients.csv']);
    expect(clients).toHaveLength(6);
    for (const client of clients) {
      expect(client).toMatchObject({ clinic: clinicCode, age_band: '40-44', sex: 'male', status: 'active' });
      expect(client.research_id).toMatch(/^[0-9a-f]{32}$/);
    }
    // k = 5: every (age band, sex, clinic) present has at least five clients.
    const groups = new Map<string, number>();
    for (const client of clients)
      groups.set(
        `${client.age_band}|${client.sex}|${client.clinic}`,
        (groups.get(`${client.age_band}|${client.sex}|${client.clinic}`) ?? 0) + 1,
      );
    for (const size of groups.values()) expect(size).toBeGreaterThanOrEqual(5);

    // Only the one exported client with records has rows; the suppressed and the excluded have none.
    const ids = new Set(clients.map((client) => client.research_id));
    const rich = csvRows(files['dosing_weeks.csv']);
    expect(rich.length).toBeGreaterThan(0);
    for (const name of TABLES.slice(1)) {
      const rows = csvRows(files[`${name}.csv`]);
      for (const row of rows) expect(ids.has(row.research_id)).toBe(true);
      if (name !== 'episodes') expect(new Set(rows.map((row) => row.research_id)).size).toBe(1);
    }
    expect(csvRows(files['episodes.csv'])).toHaveLength(6);
    // Days from the episode's start: intake 40 days ago, first dose 10 days in; weeks 1 and 2.
    expect(rich).toEqual([
      expect.objectContaining({ episode: '1', week: '1', observed_doses: '3', take_home_doses: '1', take_home_days: '1', total_mg: '240' }),
      expect.objectContaining({ episode: '1', week: '2', observed_doses: '1', take_home_doses: '0', total_mg: '60' }),
    ]);
    expect(csvRows(files['drug_tests.csv'])).toEqual([
      expect.objectContaining({ day: '15', refused: 'false', positive_opiate: 'true', opiates: 'positive', cocaine: '' }),
    ]);
    expect(csvRows(files['assessments.csv'])).toEqual([expect.objectContaining({ day: '16', instrument: 'phq9', total: '10' })]);
    expect(csvRows(files['family_interactions.csv'])).toEqual([
      expect.objectContaining({ day: '18', channel: 'visit', initiated_by: 'staff' }),
    ]);
    expect(csvRows(files['attendance.csv'])).toEqual([expect.objectContaining({ day: '19', status: 'present', absence_reason: '' })]);

    const codebook = Buffer.from(files['codebook.md']).toString('utf8');
    expect(codebook).toContain('- Consenting clients: 8');
    expect(codebook).toContain('- Groups (age_band, sex, clinic): 2, of which suppressed: 1');
    expect(codebook).toContain('- Clients suppressed: 2');
    expect(codebook).toContain('| clients.csv | 2 |');
    expect(codebook).toContain('| dosing_weeks.csv | 2 |');
    expect(codebook).toContain('| drug_tests.csv | 1 |');
    // The codebook's columns are the files' columns, in order.
    const columns = codebookColumns(codebook);
    for (const name of TABLES) {
      const header = Buffer.from(files[`${name}.csv`]).toString('utf8').split('\r\n')[0];
      expect(columns[`${name}.csv`].map(([column]) => column).join(',')).toBe(header);
    }
    expectNothingIdentifying(files);
  });

  it('writes Parquet files that read back with the codebook’s columns and types, and nothing identifying in them', async () => {
    const csv = await exportOf(coordinator, 'csv', 'retention-2027');
    const files = await exportOf(coordinator, 'parquet', 'retention-2027');
    expect(Object.keys(files).sort()).toEqual([...TABLES.map((name) => `${name}.parquet`), 'codebook.md'].sort());
    const columns = codebookColumns(Buffer.from(files['codebook.md']).toString('utf8'));
    const decoded: string[] = [];
    for (const name of TABLES) {
      const bytes = Uint8Array.from(files[`${name}.parquet`]);
      const schema = parquetMetadata(bytes.buffer).schema.slice(1);
      expect(schema.map((element) => [element.name, element.type, element.converted_type])).toEqual(
        columns[`${name}.parquet`].map(([column, type]) => [column, PHYSICAL[type].type, PHYSICAL[type].convertedType]),
      );
      const rows = await parquetRows(files[`${name}.parquet`]);
      decoded.push(JSON.stringify(rows));
      // The same rows as the CSV of the same project.
      const asCsv = csvRows(csv[`${name}.csv`]);
      expect(rows).toHaveLength(asCsv.length);
      expect(rows.map((row) => row.research_id)).toEqual(asCsv.map((row) => row.research_id));
    }
    const [week] = await parquetRows(files['dosing_weeks.parquet']);
    expect(week).toMatchObject({ episode: 1, week: 1, observed_doses: 3, total_mg: 240 });
    const [test] = await parquetRows(files['drug_tests.parquet']);
    expect(test).toMatchObject({ observed: true, refused: false, opiates: 'positive', cocaine: null });
    expectNothingIdentifying(files, decoded);
  });

  it('gives a client the same research ID in every export of a project, and unlinkable IDs in another project', async () => {
    const idsOf = async (project: string) =>
      csvRows((await exportOf(coordinator, 'csv', project))['clients.csv'])
        .map((row) => row.research_id)
        .sort();
    const first = await idsOf('retention-2027');
    expect(await idsOf('Retention-2027')).toEqual(first);
    const other = await idsOf('stigma-study');
    expect(other).toHaveLength(first.length);
    expect(other.filter((id) => first.includes(id))).toEqual([]);
  });

  it('is audited as a disclosure naming the exported clients, with its row counts', async () => {
    await exportOf(coordinator, 'csv', 'audit-check');
    const events = await t.http
      .get('/api/v1/audit-events')
      .query({ clientId: cohort[0].id, actorId: coordinator.id, limit: 200 })
      .set(coordinator.auth)
      .expect(200);
    const disclosures = (events.body.items as Array<{ action: string; details: Record<string, unknown>; targetType: string }>).filter(
      (event) => event.action === 'research.export' && event.details.project === 'audit-check',
    );
    expect(disclosures).toHaveLength(1);
    expect(disclosures[0]).toMatchObject({
      targetType: 'research_project',
      details: {
        format: 'csv',
        rows: { clients: 6, episodes: 6, dosing_weeks: 2, attendance: 1, family_interactions: 1, assessments: 1, drug_tests: 1 },
        suppressedClients: 2,
        suppressedGroups: 1,
      },
    });
    // The suppressed clients' records did not leave: no disclosure names them.
    const hidden = await t.http.get('/api/v1/audit-events').query({ clientId: small[0].id, limit: 200 }).set(coordinator.auth).expect(200);
    expect((hidden.body.items as Array<{ action: string }>).filter((event) => event.action === 'research.export')).toEqual([]);
  });

  it('summarises what an export would hold: consenting clients and the suppressed', async () => {
    const res = await t.http.get('/api/v1/exports/research/summary').set(coordinator.auth).expect(200);
    expect(res.body).toEqual({ k: 5, consentingClients: 8, exportedClients: 6, suppressedClients: 2, suppressedGroups: 1 });
    // Another clinic's coordinator exports that clinic only: one consenting client, suppressed.
    const other = await t.http.get('/api/v1/exports/research/summary').set(otherCoordinator.auth).expect(200);
    expect(other.body).toEqual({ k: 5, consentingClients: 1, exportedClients: 0, suppressedClients: 1, suppressedGroups: 1 });
    const files = await exportOf(otherCoordinator, 'csv', 'retention-2027');
    expect(csvRows(files['clients.csv'])).toEqual([]);
    expectNothingIdentifying(files);
  });

  it('is for coordinators only (403), and refuses a missing or bad format or project (400 problem+json)', async () => {
    for (const who of [nurse, counselor, physician, peerLeader, admin]) {
      await t.http.get('/api/v1/exports/research').query({ format: 'csv', project: 'p1' }).set(who.auth).expect(403);
      await t.http.get('/api/v1/exports/research/summary').set(who.auth).expect(403);
    }
    await t.http.get('/api/v1/exports/research').query({ format: 'csv', project: 'p1' }).expect(401);
    for (const query of [
      { project: 'p1' },
      { format: 'xlsx', project: 'p1' },
      { format: 'csv' },
      { format: 'csv', project: '../etc' },
      { format: 'csv', project: 'x'.repeat(65) },
    ]) {
      const res = await t.http.get('/api/v1/exports/research').query(query).set(coordinator.auth).expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
  });
});
