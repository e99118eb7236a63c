import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Role } from '@tongban/platform';
import {
  addToCareTeam,
  clinicDay,
  ClientRecord,
  makeClient,
  makeClinic,
  makeStaff,
  recordConsent,
  signInAdmin,
  SignedIn,
} from './factories';
import { startTestApp, TestApp } from './support/test-app';
import { MINUTE } from './support/test-clock';

const run = promisify(execFile);

/** Every text-like value in the database, one per line: `table.column: value`. */
async function dumpTextColumns(t: TestApp): Promise<string> {
  const columns = await t.dataSource.query<Array<{ table_name: string; column_name: string }>>(
    `SELECT c.table_name, c.column_name
       FROM information_schema.columns c
       JOIN information_schema.tables tb ON tb.table_schema = c.table_schema AND tb.table_name = c.table_name
      WHERE c.table_schema = 'public' AND tb.table_type = 'BASE TABLE'
        AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb')
      ORDER BY c.table_name, c.column_name`,
  );
  expect(columns.length).toBeGreaterThan(10);
  const lines: string[] = [];
  for (const { table_name: table, column_name: column } of columns) {
    const rows = await t.dataSource.query<Array<{ value: string }>>(
      `SELECT "${column}"::text AS value FROM "${table}" WHERE "${column}" IS NOT NULL`,
    );
    for (const row of rows) lines.push(`${table}.${column}: ${row.value}`);
  }
  return lines.join('\n');
}

/** pg_dump of the suite's database, when it runs on PostgreSQL and pg_dump is installed; otherwise null. */
async function pgDump(t: TestApp): Promise<string | null> {
  if (!t.config.databaseUrl) return null;
  try {
    await run('pg_dump', ['--version']);
  } catch {
    return null;
  }
  const { stdout } = await run('pg_dump', ['--no-owner', '--dbname', t.config.databaseUrl], { maxBuffer: 256 * 1024 * 1024 });
  return stdout;
}

/** The needles found in the haystack, compared without regard to case. */
function found(haystack: string, needles: string[]): string[] {
  const lower = haystack.toLowerCase();
  return needles.filter((needle) => lower.includes(needle.toLowerCase()));
}

describe('client privacy', () => {
  let t: TestApp;
  let admin: SignedIn;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signInAdmin(t);
  });
  afterAll(() => t.close());

  describe('at rest', () => {
    const client = {
      givenName: '蔚然',
      familyName: '欧阳',
      preferredName: 'Xiaoran-Distinct',
      dateOfBirth: '1990-01-01',
      sex: 'female',
      phone: '+86 139 1234 5678',
      email: 'xiaoran.distinct@example.org',
      nationalId: '53010219900101999X',
    };
    const consentNote = '母亲在场签字-DistinctConsentNote';
    const revokeReason = '换了手机号-DistinctRevokeReason';
    const emergencyReason = '窗口晕倒急需病历-DistinctEmergencyReason';
    const secrets = [
      client.givenName,
      client.familyName,
      `${client.familyName}${client.givenName}`,
      client.preferredName,
      client.phone,
      '139 1234 5678',
      '13912345678',
      client.email,
      client.nationalId,
      consentNote,
      'DistinctConsentNote',
      revokeReason,
      'DistinctRevokeReason',
      emergencyReason,
      'DistinctEmergencyReason',
    ];
    let code: string;

    beforeAll(async () => {
      const clinic = await makeClinic(t, admin);
      const coordinator = await makeStaff(t, admin, Role.Coordinator, clinic.id);
      const counselor = await makeStaff(t, admin, Role.Counselor, clinic.id);
      const outsider = await makeStaff(t, admin, Role.Counselor, clinic.id);
      // Sent with an Idempotency-Key, so the stored first answer is in the dump too; a retry replays it.
      const register = () =>
        t.http
          .post('/api/v1/clients')
          .set(counselor.auth)
          .set('Idempotency-Key', 'privacy-registration')
          .send({ intakeDate: clinicDay(t, -30), ...client })
          .expect(201);
      const registered = (await register()).body as ClientRecord;
      expect((await register()).body).toEqual(registered);
      code = registered.code;
      expect(registered).toMatchObject({ givenName: client.givenName, phone: client.phone, nationalId: client.nationalId });
      const consent = await recordConsent(t, counselor, registered.id, { scope: 'peer_support', note: consentNote });
      await recordConsent(t, coordinator, registered.id, { scope: 'sms_reminders', note: consentNote });
      await t.http
        .post(`/api/v1/clients/${registered.id}/consents/${consent.id}/revoke`)
        .set(counselor.auth)
        .send({ reason: revokeReason })
        .expect(200);
      await t.http
        .post(`/api/v1/clients/${registered.id}/emergency-access`)
        .set(outsider.auth)
        .send({ reason: emergencyReason })
        .expect(201);
      await t.http.get(`/api/v1/clients/${registered.id}`).set(outsider.auth).expect(200);
      await t.http.patch(`/api/v1/clients/${registered.id}`).set(counselor.auth).send({ preferredName: client.preferredName }).expect(200);
      for (const q of ['欧阳蔚然', '139-1234-5678', '53010219900101999x', client.preferredName]) {
        await t.http.get('/api/v1/clients').query({ q }).set(coordinator.auth).expect(200);
      }
      const log = await t.http.get(`/api/v1/clients/${registered.id}/access-log`).set(coordinator.auth).expect(200);
      expect(log.body.items.length).toBeGreaterThan(5);
      const grants = await t.http.get('/api/v1/emergency-access').set(coordinator.auth).expect(200);
      expect(grants.body.items[0].reason).toBe(emergencyReason);
    });

    it('stores no name, phone, e-mail, national ID, consent note or emergency reason in plaintext in any column, audit events included', async () => {
      const dump = await dumpTextColumns(t);
      expect(dump).toContain(`client.code: ${code}`);
      expect(dump).toContain('audit_event.action: client.create');
      expect(dump).toContain('audit_event.action: emergency_access.grant');
      expect(found(dump, secrets)).toEqual([]);
    });

    it('leaves none of them in a pg_dump of the database (PostgreSQL only)', async () => {
      const dump = await pgDump(t);
      if (dump === null) return;
      expect(dump).toContain(code);
      expect(found(dump, secrets)).toEqual([]);
    });
  });

  describe('search', () => {
    let coordinator: SignedIn;
    let counselor: SignedIn;
    let outsider: SignedIn;
    let peerLeader: SignedIn;
    let otherCoordinator: SignedIn;
    let zhangWei: ClientRecord;
    let latin: ClientRecord;
    let ouyang: ClientRecord;

    beforeAll(async () => {
      const clinic = await makeClinic(t, admin);
      const otherClinic = await makeClinic(t, admin);
      coordinator = await makeStaff(t, admin, Role.Coordinator, clinic.id);
      counselor = await makeStaff(t, admin, Role.Counselor, clinic.id);
      outsider = await makeStaff(t, admin, Role.Counselor, clinic.id);
      peerLeader = await makeStaff(t, admin, Role.PeerLeader, clinic.id);
      otherCoordinator = await makeStaff(t, admin, Role.Coordinator, otherClinic.id);
      for (let i = 0; i < 4; i += 1) await makeClient(t, coordinator);
      zhangWei = await makeClient(t, counselor, {
        givenName: '伟',
        familyName: '张',
        phone: '+86 139 1234 5678',
        nationalId: '53010219900101123X',
      });
      latin = await makeClient(t, counselor, { givenName: 'Wei', familyName: 'Zhang', phone: '0871 6512 3456' });
      ouyang = await makeClient(t, counselor, { givenName: '蔚然', familyName: '欧阳', preferredName: 'Xiaoran' });
      for (const client of [zhangWei, latin, ouyang]) await addToCareTeam(t, coordinator, client.id, peerLeader);
      // An unrelated consent: the peer leader still needs peer_support.
      await recordConsent(t, coordinator, zhangWei.id, { scope: 'sms_reminders' });
    });

    async function search(who: SignedIn, q: string): Promise<string[]> {
      const res = await t.http.get('/api/v1/clients').query({ q, limit: 200 }).set(who.auth).expect(200);
      return res.body.items.map((item: { id: string }) => item.id);
    }

    const codeNumber = (client: ClientRecord): string => String(Number(client.code.slice(-6)));

    it.each<[string, () => ClientRecord, () => string]>([
      ['its code', () => zhangWei, () => zhangWei.code],
      ['its code in lower case with spaces around', () => zhangWei, () => `  ${zhangWei.code.toLowerCase()} `],
      ["the code's number alone", () => zhangWei, () => codeNumber(zhangWei)],
      ["the code's number with its zeros", () => latin, () => latin.code.slice(-6)],
      ['family and given name', () => zhangWei, () => '张伟'],
      ['family and given name with a space', () => zhangWei, () => ' 张 伟 '],
      ['the given name alone', () => zhangWei, () => '伟'],
      ['the family name alone', () => zhangWei, () => '张'],
      ['a compound family name and given name', () => ouyang, () => '欧阳蔚然'],
      ['a compound family name alone', () => ouyang, () => '欧阳'],
      ['a Latin name in any case with spaces around', () => latin, () => '  ZHANG wei '],
      ['a Latin name given name first', () => latin, () => 'wei zhang'],
      ['a Latin given name alone', () => latin, () => 'WEI'],
      ['a phone number written differently', () => zhangWei, () => '139-1234-5678'],
      ['a phone number without the country code', () => zhangWei, () => '13912345678'],
      ['a landline written differently', () => latin, () => '(0871) 65123456'],
      ['a national ID in lower case', () => zhangWei, () => '53010219900101123x'],
    ])('finds a client by %s, only for those who may see it', async (_what, target, q) => {
      expect(await search(coordinator, q())).toEqual([target().id]);
      expect(await search(counselor, q())).toEqual([target().id]);
      expect(await search(outsider, q())).toEqual([]);
      expect(await search(peerLeader, q())).toEqual([]);
      expect(await search(otherCoordinator, q())).toEqual([]);
    });

    it.each(['张伟伟', '欧', '蔚', '阳蔚', 'Zhan', 'zhang w', 'wei zhang x', '1391234', '139123456789', '53010219900101', '0101123X'])(
      'does not find a client by part of a name, phone or national ID: %s',
      async (q) => {
        expect(await search(coordinator, q)).toEqual([]);
      },
    );

    it('shows a peer leader only the code and preferred name of a consenting client on their care team', async () => {
      await recordConsent(t, coordinator, ouyang.id, { scope: 'peer_support' });
      const res = await t.http.get('/api/v1/clients').query({ q: ouyang.code }).set(peerLeader.auth).expect(200);
      expect(res.body.items).toEqual([{ id: ouyang.id, code: ouyang.code, preferredName: 'Xiaoran' }]);
      const all = await t.http.get('/api/v1/clients').set(peerLeader.auth).expect(200);
      expect(all.body.items).toEqual([{ id: ouyang.id, code: ouyang.code, preferredName: 'Xiaoran' }]);
      expect(await search(peerLeader, zhangWei.code)).toEqual([]);
    });

    it('shows an outsider a client found by search only while an emergency access lasts', async () => {
      await t.http
        .post(`/api/v1/clients/${latin.id}/emergency-access`)
        .set(outsider.auth)
        .send({ reason: 'Called by the hospital about this client' })
        .expect(201);
      expect(await search(outsider, 'wei zhang')).toEqual([latin.id]);
      expect(await search(outsider, '张伟')).toEqual([]);
      t.clock.advance(61 * MINUTE);
      expect(await search(outsider, 'wei zhang')).toEqual([]);
    });
  });
});
