import { randomUUID } from 'node:crypto';
import { KeyRotation, Role } from '@tongban/platform';
import {
  ClientRecord,
  clinicDay,
  ClinicTeam,
  cutToMilliseconds,
  FamilyContactRecord,
  grantEmergencyAccess,
  makeCareTeamClient,
  makeClinic,
  makeClinicTeam,
  makeFamilyContact,
  makeStaff,
  pinClock,
  readPages,
  recordConsent,
  setWithinOneMillisecond,
  signInAdmin,
  SignedIn,
} from './factories';
import { startTestApp, TestApp } from './support/test-app';
import { DAY } from './support/test-clock';

const CONTACT_KEYS = [
  'clientId',
  'contactable',
  'createdAt',
  'id',
  'livesWithClient',
  'mayContact',
  'name',
  'notes',
  'phone',
  'relationship',
  'updatedAt',
];

/**
 * Family contacts and the clinic's interactions with them (api.md
 * "Counseling, family and peer groups"): the client's counselor records
 * them, a coordinator reads them, other roles never; a relative may be
 * contacted only with the client's word for that person (`mayContact`) and
 * an active `family_contact` consent.
 */
describe('family contacts', () => {
  let t: TestApp;
  let admin: SignedIn;
  let team: ClinicTeam;
  let coordinator: SignedIn;
  let counselor: SignedIn;
  let offTeamCounselor: SignedIn;
  let physician: SignedIn;
  let nurse: SignedIn;
  let peerLeader: SignedIn;
  let otherCoordinator: SignedIn;

  beforeAll(async () => {
    t = await startTestApp();
    pinClock(t);
    admin = await signInAdmin(t);
    team = await makeClinicTeam(t, admin);
    ({ coordinator, counselor, offTeamCounselor, physician, nurse, peerLeader } = team);
    const otherClinic = await makeClinic(t, admin);
    otherCoordinator = await makeStaff(t, admin, Role.Coordinator, otherClinic.id);
  });
  afterAll(() => t.close());

  /** A client of the clinic with `counselor` on its care team (and the physician and peer leader), with or without a family_contact consent. */
  async function newClient(consented = false): Promise<ClientRecord> {
    const client = await makeCareTeamClient(t, team);
    if (consented) await recordConsent(t, counselor, client.id, { scope: 'family_contact' });
    return client;
  }

  const base = (clientId: string) => `/api/v1/clients/${clientId}/family-contacts`;

  function createContact(who: SignedIn, clientId: string, body: Record<string, unknown>) {
    return t.http.post(base(clientId)).set(who.auth).send(body);
  }

  function patchContact(who: SignedIn, clientId: string, contactId: string, body: Record<string, unknown>) {
    return t.http
      .patch(`${base(clientId)}/${contactId}`)
      .set(who.auth)
      .send(body);
  }

  function recordInteraction(who: SignedIn, clientId: string, contactId: string, body: Record<string, unknown>) {
    return t.http
      .post(`${base(clientId)}/${contactId}/interactions`)
      .set(who.auth)
      .send(body);
  }

  async function count(table: 'family_contact' | 'family_interaction', clientId: string): Promise<number> {
    const rows = await t.dataSource.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM ${table} WHERE client_id = $1`, [clientId]);
    return rows[0].n;
  }

  async function contactRow(contactId: string): Promise<Record<string, unknown>> {
    const rows = await t.dataSource.query<Array<Record<string, unknown>>>('SELECT * FROM family_contact WHERE id = $1', [contactId]);
    return rows[0];
  }

  function fieldsOf(body: { errors?: Array<{ field: string }> }): string[] {
    return [...new Set((body.errors ?? []).map((error) => error.field))].sort();
  }

  const validContact = { name: '李秀英', relationship: 'mother', mayContact: true };
  const validInteraction = () => ({ date: clinicDay(t), channel: 'phone' });

  describe('POST /clients/:id/family-contacts', () => {
    it('records a contact for the client’s counselor and answers 201 with all of it', async () => {
      const client = await newClient(true);
      const res = await createContact(counselor, client.id, {
        name: '  李秀英 ',
        relationship: 'mother',
        phone: '+86 138 0013 8000',
        mayContact: true,
        livesWithClient: true,
        notes: 'Comes to every family session.',
      }).expect(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        clientId: client.id,
        name: '李秀英',
        relationship: 'mother',
        phone: '+86 138 0013 8000',
        mayContact: true,
        livesWithClient: true,
        notes: 'Comes to every family session.',
        contactable: true,
        createdAt: expect.any(String),
        updatedAt: res.body.createdAt,
      });
      expect(await count('family_contact', client.id)).toBe(1);
    });

    it('answers null for the optional fields left out', async () => {
      const client = await newClient();
      const contact = await makeFamilyContact(t, counselor, client.id, { name: 'Wang Li', relationship: 'friend', mayContact: false });
      expect(contact).toMatchObject({ phone: null, livesWithClient: null, notes: null, mayContact: false, contactable: false });
    });

    it.each([
      ['no name', { name: undefined }, 'name'],
      ['an empty name', { name: '' }, 'name'],
      ['a blank name', { name: '   ' }, 'name'],
      ['a name longer than 100 characters', { name: 'x'.repeat(101) }, 'name'],
      ['a name that is not a string', { name: 7 }, 'name'],
      ['no relationship', { relationship: undefined }, 'relationship'],
      ['an empty relationship', { relationship: '' }, 'relationship'],
      ['a relationship longer than 50 characters', { relationship: 'x'.repeat(51) }, 'relationship'],
      ['a phone that is not a phone number', { phone: 'call her' }, 'phone'],
      ['a phone number that is too short', { phone: '123' }, 'phone'],
      ['no mayContact', { mayContact: undefined }, 'mayContact'],
      ['mayContact that is not a boolean', { mayContact: 'yes' }, 'mayContact'],
      ['livesWithClient that is not a boolean', { livesWithClient: 'no' }, 'livesWithClient'],
      ['notes longer than 5000 characters', { notes: 'x'.repeat(5001) }, 'notes'],
      ['an unknown field', { email: 'mother@example.com' }, 'email'],
    ])('refuses a contact with %s with 400 naming the field and records nothing', async (_what, fields, field) => {
      const client = await newClient();
      const res = await createContact(counselor, client.id, { ...validContact, ...fields }).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(fieldsOf(res.body)).toEqual([field]);
      expect(await count('family_contact', client.id)).toBe(0);
    });

    it('answers 404 for a client that does not exist and 400 for an id that is not a UUID', async () => {
      expect((await createContact(counselor, randomUUID(), validContact).expect(404)).body.code).toBe('NOT_FOUND');
      expect((await createContact(counselor, 'nope', validContact).expect(400)).body.code).toBe('VALIDATION_FAILED');
    });

    it('answers 404 to a counselor off the care team and records nothing', async () => {
      const client = await newClient();
      await createContact(offTeamCounselor, client.id, validContact).expect(404);
      expect(await count('family_contact', client.id)).toBe(0);
    });

    it.each([
      ['a coordinator', () => coordinator],
      ['a physician on the care team', () => physician],
      ['a nurse', () => nurse],
      ['a peer leader on the care team', () => peerLeader],
    ])('refuses a contact from %s with 403', async (_who, who) => {
      const client = await newClient();
      expect((await createContact(who(), client.id, validContact).expect(403)).body.code).toBe('FORBIDDEN');
      expect(await count('family_contact', client.id)).toBe(0);
    });

    it('refuses a contact from a counselor off the care team under emergency access with 404 (it opens reading only)', async () => {
      const client = await newClient();
      await grantEmergencyAccess(t, offTeamCounselor, client.id);
      expect((await createContact(offTeamCounselor, client.id, validContact).expect(404)).body.code).toBe('NOT_FOUND');
      expect(await count('family_contact', client.id)).toBe(0);
    });

    it('answers a retry with the same Idempotency-Key and body with the first answer and records one contact', async () => {
      const client = await newClient();
      const first = await createContact(counselor, client.id, validContact).set('Idempotency-Key', 'contact-1').expect(201);
      const retry = await createContact(counselor, client.id, validContact).set('Idempotency-Key', 'contact-1').expect(201);
      expect(retry.body).toEqual(first.body);
      expect(await count('family_contact', client.id)).toBe(1);
    });

    it('stores name, relationship, phone and notes sealed: the table holds none of them', async () => {
      const client = await newClient();
      const name = `Name-${randomUUID()}`;
      const relationship = `rel-${randomUUID().slice(0, 8)}`;
      const notes = `Notes-${randomUUID()}`;
      const phone = '+86 139 1234 5678';
      const contact = await makeFamilyContact(t, counselor, client.id, { name, relationship, notes, phone });
      const row = await contactRow(contact.id);
      const raw = JSON.stringify(row);
      for (const text of [name, relationship, notes, phone, '13912345678']) expect(raw).not.toContain(text);
      for (const column of ['name', 'relationship', 'phone', 'notes']) expect(row[column]).toEqual(expect.stringMatching(/^v\d+\./));
    });
  });

  it('declares every sealed column to key rotation, so npm run keys:rotate re-seals them', () => {
    expect(t.app.get(KeyRotation).registered()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ table: 'family_contact', columns: ['name', 'relationship', 'phone', 'notes'] }),
        expect.objectContaining({ table: 'family_interaction', columns: ['summary'] }),
      ]),
    );
  });

  describe('contactable', () => {
    it('is true only when the contact may be contacted and the client has an active family_contact consent', async () => {
      const withoutConsent = await newClient();
      expect((await makeFamilyContact(t, counselor, withoutConsent.id, { mayContact: true })).contactable).toBe(false);
      const withConsent = await newClient(true);
      expect((await makeFamilyContact(t, counselor, withConsent.id, { mayContact: true })).contactable).toBe(true);
      expect((await makeFamilyContact(t, counselor, withConsent.id, { mayContact: false })).contactable).toBe(false);
    });

    it('turns false everywhere once the consent is revoked, and interactions are then refused with 422', async () => {
      const client = await newClient();
      const consent = await recordConsent(t, counselor, client.id, { scope: 'family_contact' });
      const contact = await makeFamilyContact(t, counselor, client.id);
      expect(contact.contactable).toBe(true);
      await recordInteraction(counselor, client.id, contact.id, validInteraction()).expect(201);
      await t.http.post(`/api/v1/clients/${client.id}/consents/${consent.id}/revoke`).set(counselor.auth).send({}).expect(200);
      const one = await t.http
        .get(`${base(client.id)}/${contact.id}`)
        .set(counselor.auth)
        .expect(200);
      expect(one.body.contactable).toBe(false);
      const all = await t.http.get(base(client.id)).set(coordinator.auth).expect(200);
      expect(all.body.items.map((item: FamilyContactRecord) => item.contactable)).toEqual([false]);
      const refused = await recordInteraction(counselor, client.id, contact.id, validInteraction()).expect(422);
      expect(refused.body.code).toBe('CONTACT_NOT_PERMITTED');
      expect(refused.body.detail).toMatch(/family_contact consent/);
      expect(refused.body.detail).not.toMatch(/mayContact/);
      expect(await count('family_interaction', client.id)).toBe(1);
    });

    it('follows the consent’s dates: not before it starts, not after it ends', async () => {
      const client = await newClient();
      await recordConsent(t, counselor, client.id, { scope: 'family_contact', validFrom: clinicDay(t, 2) });
      const contact = await makeFamilyContact(t, counselor, client.id);
      expect(contact.contactable).toBe(false);
      const expired = await newClient();
      await recordConsent(t, counselor, expired.id, {
        scope: 'family_contact',
        validFrom: clinicDay(t, -10),
        validUntil: clinicDay(t, -1),
      });
      expect((await makeFamilyContact(t, counselor, expired.id)).contactable).toBe(false);
      const otherScope = await newClient();
      await recordConsent(t, counselor, otherScope.id, { scope: 'sms_reminders' });
      expect((await makeFamilyContact(t, counselor, otherScope.id)).contactable).toBe(false);
    });

    it('follows mayContact when it is changed', async () => {
      const client = await newClient(true);
      const contact = await makeFamilyContact(t, counselor, client.id, { mayContact: false });
      const allowed = await patchContact(counselor, client.id, contact.id, { mayContact: true }).expect(200);
      expect(allowed.body).toMatchObject({ mayContact: true, contactable: true });
      const withdrawn = await patchContact(counselor, client.id, contact.id, { mayContact: false }).expect(200);
      expect(withdrawn.body).toMatchObject({ mayContact: false, contactable: false });
    });
  });

  describe('GET /clients/:id/family-contacts and /:fid', () => {
    it('lists the client’s contacts in the order they were recorded, to the counselor and to a coordinator', async () => {
      const client = await newClient(true);
      const first = await makeFamilyContact(t, counselor, client.id, { relationship: 'mother' });
      const second = await makeFamilyContact(t, counselor, client.id, { relationship: 'brother', mayContact: false });
      await makeFamilyContact(t, counselor, (await newClient()).id);
      for (const who of [counselor, coordinator]) {
        const res = await t.http.get(base(client.id)).set(who.auth).expect(200);
        expect(res.body).toEqual({ items: [first, second], nextCursor: null });
        for (const item of res.body.items) expect(Object.keys(item).sort()).toEqual(CONTACT_KEYS);
      }
    });

    it('pages with limit and cursor without losing or repeating a contact', async () => {
      const client = await newClient();
      const made: string[] = [];
      for (let i = 0; i < 5; i += 1) made.push((await makeFamilyContact(t, counselor, client.id)).id);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await t.http
          .get(base(client.id))
          .query(cursor ? { limit: 2, cursor } : { limit: 2 })
          .set(counselor.auth)
          .expect(200);
        seen.push(...res.body.items.map((item: FamilyContactRecord) => item.id));
        cursor = res.body.nextCursor as string | null;
      } while (cursor);
      expect(seen).toEqual(made);
      await t.http.get(base(client.id)).query({ cursor: 'bogus' }).set(counselor.auth).expect(400);
    });

    it('pages contacts recorded within one millisecond without losing or repeating one, and refuses a cursor cut to milliseconds', async () => {
      const client = await newClient();
      const made: string[] = [];
      for (let i = 0; i < 3; i += 1) made.push((await makeFamilyContact(t, counselor, client.id)).id);
      // PostgreSQL keeps microseconds: three contacts recorded within one millisecond still have an order, and no page may lose one.
      await setWithinOneMillisecond(t, 'family_contact', 'created_at', made);
      const pages = await readPages(t, counselor, base(client.id), 1);
      expect(pages.map((page) => page.items.map((contact) => contact.id))).toEqual([[made[0]], [made[1]], [made[2]]]);
      expect(pages.map((page) => page.nextCursor === null)).toEqual([false, false, true]);
      const res = await t.http
        .get(base(client.id))
        .query({ limit: 1, cursor: cutToMilliseconds(pages[0].nextCursor!) })
        .set(counselor.auth)
        .expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    });

    it('answers one contact to the counselor and to a coordinator', async () => {
      const client = await newClient();
      const contact = await makeFamilyContact(t, counselor, client.id);
      expect(
        (
          await t.http
            .get(`${base(client.id)}/${contact.id}`)
            .set(counselor.auth)
            .expect(200)
        ).body,
      ).toEqual(contact);
      expect(
        (
          await t.http
            .get(`${base(client.id)}/${contact.id}`)
            .set(coordinator.auth)
            .expect(200)
        ).body,
      ).toEqual(contact);
    });

    it('answers 404 for a contact of another client, a contact that does not exist and a client that does not exist', async () => {
      const client = await newClient();
      const other = await newClient();
      const othersContact = await makeFamilyContact(t, counselor, other.id);
      expect(
        (
          await t.http
            .get(`${base(client.id)}/${othersContact.id}`)
            .set(counselor.auth)
            .expect(404)
        ).body.code,
      ).toBe('NOT_FOUND');
      await t.http
        .get(`${base(client.id)}/${randomUUID()}`)
        .set(counselor.auth)
        .expect(404);
      await t.http
        .get(`${base(randomUUID())}/${othersContact.id}`)
        .set(counselor.auth)
        .expect(404);
      await t.http.get(base(randomUUID())).set(counselor.auth).expect(404);
      expect(
        (
          await t.http
            .get(`${base(client.id)}/not-a-uuid`)
            .set(counselor.auth)
            .expect(400)
        ).body.code,
      ).toBe('VALIDATION_FAILED');
    });

    it('answers 404 to a counselor off the care team and to a coordinator of another clinic', async () => {
      const client = await newClient();
      const contact = await makeFamilyContact(t, counselor, client.id);
      for (const who of [offTeamCounselor, otherCoordinator]) {
        await t.http.get(base(client.id)).set(who.auth).expect(404);
        await t.http
          .get(`${base(client.id)}/${contact.id}`)
          .set(who.auth)
          .expect(404);
        await t.http
          .get(`${base(client.id)}/${contact.id}/interactions`)
          .set(who.auth)
          .expect(404);
      }
    });

    it.each([
      ['a physician on the care team', () => physician],
      ['a nurse', () => nurse],
      ['a peer leader on the care team', () => peerLeader],
      ['an admin', () => admin],
    ])('refuses every family read to %s with 403', async (_who, who) => {
      const client = await newClient();
      const contact = await makeFamilyContact(t, counselor, client.id, { name: 'Hidden Relative' });
      for (const path of [base(client.id), `${base(client.id)}/${contact.id}`, `${base(client.id)}/${contact.id}/interactions`]) {
        const res = await t.http.get(path).set(who().auth).expect(403);
        expect(res.body.code).toBe('FORBIDDEN');
        expect(res.text).not.toContain('Hidden Relative');
      }
    });

    it('shows a counselor off the care team the contacts under emergency access', async () => {
      const client = await newClient();
      const contact = await makeFamilyContact(t, counselor, client.id);
      await grantEmergencyAccess(t, offTeamCounselor, client.id);
      const res = await t.http.get(base(client.id)).set(offTeamCounselor.auth).expect(200);
      expect(res.body.items).toEqual([contact]);
    });
  });

  describe('PATCH /clients/:id/family-contacts/:fid', () => {
    it('changes only the fields given and answers the whole contact', async () => {
      const client = await newClient();
      const contact = await makeFamilyContact(t, counselor, client.id, { phone: '+86 138 0000 0000', notes: 'first note' });
      t.clock.advance(60_000);
      const res = await patchContact(counselor, client.id, contact.id, { relationship: 'aunt', livesWithClient: false }).expect(200);
      expect(res.body).toEqual({ ...contact, relationship: 'aunt', livesWithClient: false, updatedAt: expect.any(String) });
      expect(new Date(res.body.updatedAt).getTime()).toBeGreaterThan(new Date(contact.updatedAt).getTime());
      const again = await t.http
        .get(`${base(client.id)}/${contact.id}`)
        .set(counselor.auth)
        .expect(200);
      expect(again.body).toEqual(res.body);
    });

    it('clears phone, livesWithClient and notes with null', async () => {
      const client = await newClient();
      const contact = await makeFamilyContact(t, counselor, client.id, { phone: '+86 138 0000 0000', livesWithClient: true, notes: 'n' });
      const res = await patchContact(counselor, client.id, contact.id, { phone: null, livesWithClient: null, notes: null }).expect(200);
      expect(res.body).toMatchObject({ phone: null, livesWithClient: null, notes: null, name: contact.name });
      expect(await contactRow(contact.id)).toMatchObject({ phone: null, lives_with_client: null, notes: null });
    });

    it.each([
      ['a null name', { name: null }, 'name'],
      ['a blank name', { name: ' ' }, 'name'],
      ['a null relationship', { relationship: null }, 'relationship'],
      ['a relationship longer than 50 characters', { relationship: 'x'.repeat(51) }, 'relationship'],
      ['a null mayContact', { mayContact: null }, 'mayContact'],
      ['a phone that is not a phone number', { phone: 'none' }, 'phone'],
      ['notes longer than 5000 characters', { notes: 'x'.repeat(5001) }, 'notes'],
      ['an unknown field', { clientId: randomUUID() }, 'clientId'],
    ])('refuses a change with %s with 400 naming the field and changes nothing', async (_what, fields, field) => {
      const client = await newClient();
      const contact = await makeFamilyContact(t, counselor, client.id);
      const before = await contactRow(contact.id);
      const res = await patchContact(counselor, client.id, contact.id, { name: 'Changed', ...fields }).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(fieldsOf(res.body)).toEqual([field]);
      expect(await contactRow(contact.id)).toEqual(before);
    });

    it('answers 404 for a contact of another client and changes nothing', async () => {
      const client = await newClient();
      const other = await newClient();
      const othersContact = await makeFamilyContact(t, counselor, other.id);
      const before = await contactRow(othersContact.id);
      await patchContact(counselor, client.id, othersContact.id, { name: 'Changed' }).expect(404);
      await patchContact(counselor, client.id, randomUUID(), { name: 'Changed' }).expect(404);
      expect(await contactRow(othersContact.id)).toEqual(before);
    });

    it('answers 404 to a counselor off the care team and 403 to a coordinator, nurse, physician and peer leader', async () => {
      const client = await newClient();
      const contact = await makeFamilyContact(t, counselor, client.id);
      const before = await contactRow(contact.id);
      await patchContact(offTeamCounselor, client.id, contact.id, { name: 'Changed' }).expect(404);
      for (const who of [coordinator, nurse, physician, peerLeader]) {
        await patchContact(who, client.id, contact.id, { name: 'Changed' }).expect(403);
      }
      expect(await contactRow(contact.id)).toEqual(before);
    });
  });

  describe('interactions', () => {
    it('logs an interaction with a contactable relative and answers 201 with it', async () => {
      const client = await newClient(true);
      const contact = await makeFamilyContact(t, counselor, client.id);
      const res = await recordInteraction(counselor, client.id, contact.id, {
        date: clinicDay(t, -2),
        channel: 'family_session',
        summary: 'Planned support for the first month.',
      }).expect(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        familyContactId: contact.id,
        date: clinicDay(t, -2),
        channel: 'family_session',
        initiatedBy: 'staff',
        summary: 'Planned support for the first month.',
        recordedBy: counselor.id,
        recordedAt: expect.any(String),
      });
      expect(await count('family_interaction', client.id)).toBe(1);
    });

    it('refuses an interaction with a relative the client does not allow to be contacted with 422, saying so', async () => {
      const client = await newClient(true);
      const contact = await makeFamilyContact(t, counselor, client.id, { mayContact: false });
      const res = await recordInteraction(counselor, client.id, contact.id, validInteraction()).expect(422);
      expect(res.body.code).toBe('CONTACT_NOT_PERMITTED');
      expect(res.body.detail).toMatch(/mayContact is false/);
      expect(res.body.detail).not.toMatch(/consent/);
      expect(await count('family_interaction', client.id)).toBe(0);
    });

    it('refuses an interaction without an active family_contact consent with 422, saying so', async () => {
      const client = await newClient();
      const contact = await makeFamilyContact(t, counselor, client.id, { mayContact: true });
      const res = await recordInteraction(counselor, client.id, contact.id, validInteraction()).expect(422);
      expect(res.body.code).toBe('CONTACT_NOT_PERMITTED');
      expect(res.body.detail).toMatch(/no active family_contact consent/);
      expect(res.body.detail).not.toContain(contact.name);
      expect(await count('family_interaction', client.id)).toBe(0);
    });

    it.each([['family'], ['client']])(
      'records contact the %s started without the consent and with a relative not to be contacted: 201, initiatedBy kept',
      async (initiatedBy) => {
        const client = await newClient();
        const contact = await makeFamilyContact(t, counselor, client.id, { mayContact: false });
        const res = await recordInteraction(counselor, client.id, contact.id, {
          date: clinicDay(t),
          channel: initiatedBy === 'family' ? 'phone' : 'visit',
          initiatedBy,
          summary: 'Called to ask about the next family session.',
        }).expect(201);
        expect(res.body).toEqual({
          id: expect.any(String),
          familyContactId: contact.id,
          date: clinicDay(t),
          channel: initiatedBy === 'family' ? 'phone' : 'visit',
          initiatedBy,
          summary: 'Called to ask about the next family session.',
          recordedBy: counselor.id,
          recordedAt: expect.any(String),
        });
        const listed = await t.http
          .get(`${base(client.id)}/${contact.id}/interactions`)
          .set(coordinator.auth)
          .expect(200);
        expect(listed.body.items).toEqual([res.body]);
        const stored = await t.dataSource.query<Array<{ initiated_by: string }>>(
          'SELECT initiated_by FROM family_interaction WHERE id = $1',
          [res.body.id],
        );
        expect(stored).toEqual([{ initiated_by: initiatedBy }]);
        const events = await t.http
          .get('/api/v1/audit-events')
          .query({ clientId: client.id, limit: 200 })
          .set(coordinator.auth)
          .expect(200);
        expect(events.body.items).toContainEqual(
          expect.objectContaining({
            action: 'family_interaction.create',
            targetId: res.body.id,
            details: expect.objectContaining({ initiatedBy }),
          }),
        );
      },
    );

    it('refuses contact the staff started, said outright, without the consent with 422 CONTACT_NOT_PERMITTED, logging nothing', async () => {
      const client = await newClient();
      const contact = await makeFamilyContact(t, counselor, client.id, { mayContact: true });
      const res = await recordInteraction(counselor, client.id, contact.id, { ...validInteraction(), initiatedBy: 'staff' }).expect(422);
      expect(res.body).toMatchObject({ status: 422, code: 'CONTACT_NOT_PERMITTED' });
      expect(res.body.detail).toMatch(/no active family_contact consent/);
      expect(await count('family_interaction', client.id)).toBe(0);
      const allowed = await newClient(true);
      const reachable = await makeFamilyContact(t, counselor, allowed.id, { mayContact: true });
      const ok = await recordInteraction(counselor, allowed.id, reachable.id, { ...validInteraction(), initiatedBy: 'staff' }).expect(201);
      expect(ok.body.initiatedBy).toBe('staff');
    });

    it('refuses an unknown initiator with 400 naming initiatedBy', async () => {
      const client = await newClient(true);
      const contact = await makeFamilyContact(t, counselor, client.id);
      const res = await recordInteraction(counselor, client.id, contact.id, { ...validInteraction(), initiatedBy: 'neighbour' }).expect(
        400,
      );
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(fieldsOf(res.body)).toEqual(['initiatedBy']);
      expect(await count('family_interaction', client.id)).toBe(0);
    });

    it('keeps recording a family-started call to the care team: 404 off the team, 403 for roles that never record one', async () => {
      const client = await newClient();
      const contact = await makeFamilyContact(t, counselor, client.id, { mayContact: false });
      const body = { ...validInteraction(), initiatedBy: 'family' };
      await recordInteraction(offTeamCounselor, client.id, contact.id, body).expect(404);
      await recordInteraction(peerLeader, client.id, contact.id, body).expect(403);
      await recordInteraction(coordinator, client.id, contact.id, body).expect(403);
      expect(await count('family_interaction', client.id)).toBe(0);
    });

    it('names both reasons when neither holds', async () => {
      const client = await newClient();
      const contact = await makeFamilyContact(t, counselor, client.id, { mayContact: false });
      const res = await recordInteraction(counselor, client.id, contact.id, validInteraction()).expect(422);
      expect(res.body.detail).toMatch(/mayContact is false.*family_contact consent/);
    });

    it.each([
      ['no date', { date: undefined }, 'date'],
      ['a date not written YYYY-MM-DD', { date: '2026/01/05' }, 'date'],
      ['a date that does not exist', { date: '2026-13-01' }, 'date'],
      ['no channel', { channel: undefined }, 'channel'],
      ['an unknown channel', { channel: 'email' }, 'channel'],
      ['a summary longer than 5000 characters', { summary: 'x'.repeat(5001) }, 'summary'],
      ['an unknown field', { recordedBy: randomUUID() }, 'recordedBy'],
    ])('refuses an interaction with %s with 400 naming the field and logs nothing', async (_what, fields, field) => {
      const client = await newClient(true);
      const contact = await makeFamilyContact(t, counselor, client.id);
      const res = await recordInteraction(counselor, client.id, contact.id, { ...validInteraction(), ...fields }).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(fieldsOf(res.body)).toEqual([field]);
      expect(await count('family_interaction', client.id)).toBe(0);
    });

    it('refuses a date after today in the clinic time zone with 400 naming date', async () => {
      const client = await newClient(true);
      const contact = await makeFamilyContact(t, counselor, client.id);
      const res = await recordInteraction(counselor, client.id, contact.id, { date: clinicDay(t, 1), channel: 'visit' }).expect(400);
      expect(fieldsOf(res.body)).toEqual(['date']);
      expect(await count('family_interaction', client.id)).toBe(0);
    });

    it('answers 404 for a contact of another client and logs nothing', async () => {
      const client = await newClient(true);
      const other = await newClient(true);
      const othersContact = await makeFamilyContact(t, counselor, other.id);
      await recordInteraction(counselor, client.id, othersContact.id, validInteraction()).expect(404);
      await recordInteraction(counselor, client.id, randomUUID(), validInteraction()).expect(404);
      await t.http
        .get(`${base(client.id)}/${othersContact.id}/interactions`)
        .set(counselor.auth)
        .expect(404);
      expect(await count('family_interaction', client.id)).toBe(0);
      expect(await count('family_interaction', other.id)).toBe(0);
    });

    it('answers 404 to a counselor off the care team and 403 to a coordinator, nurse, physician and peer leader', async () => {
      const client = await newClient(true);
      const contact = await makeFamilyContact(t, counselor, client.id);
      await recordInteraction(offTeamCounselor, client.id, contact.id, validInteraction()).expect(404);
      for (const who of [coordinator, nurse, physician, peerLeader]) {
        await recordInteraction(who, client.id, contact.id, validInteraction()).expect(403);
      }
      expect(await count('family_interaction', client.id)).toBe(0);
    });

    it('lists a contact’s interactions newest first, to the counselor and to a coordinator', async () => {
      const client = await newClient(true);
      const contact = await makeFamilyContact(t, counselor, client.id);
      const other = await makeFamilyContact(t, counselor, client.id);
      const older = (await recordInteraction(counselor, client.id, contact.id, { date: clinicDay(t, -5), channel: 'visit' }).expect(201))
        .body;
      const newer = (await recordInteraction(counselor, client.id, contact.id, { date: clinicDay(t, -1), channel: 'message' }).expect(201))
        .body;
      await recordInteraction(counselor, client.id, other.id, validInteraction()).expect(201);
      for (const who of [counselor, coordinator]) {
        const res = await t.http
          .get(`${base(client.id)}/${contact.id}/interactions`)
          .set(who.auth)
          .expect(200);
        expect(res.body).toEqual({ items: [newer, older], nextCursor: null });
      }
      const page = await t.http
        .get(`${base(client.id)}/${contact.id}/interactions`)
        .query({ limit: 1 })
        .set(counselor.auth)
        .expect(200);
      expect(page.body.items).toEqual([newer]);
      const next = await t.http
        .get(`${base(client.id)}/${contact.id}/interactions`)
        .query({ limit: 1, cursor: page.body.nextCursor })
        .set(counselor.auth)
        .expect(200);
      expect(next.body).toEqual({ items: [older], nextCursor: null });
    });

    it('pages interactions of one day recorded within one millisecond without losing or repeating one, and refuses a cursor cut to milliseconds', async () => {
      const client = await newClient(true);
      const contact = await makeFamilyContact(t, counselor, client.id);
      const made: string[] = [];
      for (let i = 0; i < 3; i += 1)
        made.push((await recordInteraction(counselor, client.id, contact.id, validInteraction()).expect(201)).body.id);
      // PostgreSQL keeps microseconds: three interactions recorded within one millisecond still have an order, and no page may lose one.
      await setWithinOneMillisecond(t, 'family_interaction', 'recorded_at', made);
      const path = `${base(client.id)}/${contact.id}/interactions`;
      const pages = await readPages(t, counselor, path, 1);
      expect(pages.map((page) => page.items.map((interaction) => interaction.id))).toEqual([[made[2]], [made[1]], [made[0]]]);
      expect(pages.map((page) => page.nextCursor === null)).toEqual([false, false, true]);
      const res = await t.http
        .get(path)
        .query({ limit: 1, cursor: cutToMilliseconds(pages[0].nextCursor!) })
        .set(counselor.auth)
        .expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    });

    it('answers a retry with the same Idempotency-Key and body with the first answer and logs one interaction', async () => {
      const client = await newClient(true);
      const contact = await makeFamilyContact(t, counselor, client.id);
      const first = await recordInteraction(counselor, client.id, contact.id, validInteraction())
        .set('Idempotency-Key', 'call-1')
        .expect(201);
      const retry = await recordInteraction(counselor, client.id, contact.id, validInteraction())
        .set('Idempotency-Key', 'call-1')
        .expect(201);
      expect(retry.body).toEqual(first.body);
      expect(await count('family_interaction', client.id)).toBe(1);
    });

    it('stores the summary sealed', async () => {
      const client = await newClient(true);
      const contact = await makeFamilyContact(t, counselor, client.id);
      const summary = `Summary-${randomUUID()}`;
      const created = await recordInteraction(counselor, client.id, contact.id, { ...validInteraction(), summary }).expect(201);
      const rows = await t.dataSource.query<Array<Record<string, unknown>>>('SELECT * FROM family_interaction WHERE id = $1', [
        created.body.id,
      ]);
      expect(JSON.stringify(rows[0])).not.toContain(summary);
      expect(rows[0].summary).toEqual(expect.stringMatching(/^v\d+\./));
    });

    it('refuses an interaction from a counselor off the care team under emergency access with 404 (it opens reading only)', async () => {
      const client = await newClient(true);
      const contact = await makeFamilyContact(t, counselor, client.id);
      await grantEmergencyAccess(t, offTeamCounselor, client.id);
      expect((await recordInteraction(offTeamCounselor, client.id, contact.id, validInteraction()).expect(404)).body.code).toBe(
        'NOT_FOUND',
      );
      expect(await count('family_interaction', client.id)).toBe(0);
    });
  });

  describe('audit', () => {
    it('records every family read and write on the client, on the grounds of access, without names or text', async () => {
      const client = await newClient(true);
      const name = `Audit-${randomUUID()}`;
      const contact = await makeFamilyContact(t, counselor, client.id, { name, notes: `${name}-notes` });
      await patchContact(counselor, client.id, contact.id, { relationship: `${name}-rel` }).expect(200);
      await recordInteraction(counselor, client.id, contact.id, { ...validInteraction(), summary: `${name}-summary` }).expect(201);
      await t.http.get(base(client.id)).set(coordinator.auth).expect(200);
      await t.http
        .get(`${base(client.id)}/${contact.id}`)
        .set(counselor.auth)
        .expect(200);
      await t.http
        .get(`${base(client.id)}/${contact.id}/interactions`)
        .set(coordinator.auth)
        .expect(200);
      const log = await t.http.get(`/api/v1/clients/${client.id}/access-log`).query({ limit: 200 }).set(coordinator.auth).expect(200);
      const events = (log.body.items as Array<{ actorId: string; action: string; grounds: string }>)
        .filter((item) => item.action.startsWith('family_'))
        .map(({ actorId, action, grounds }) => ({ actorId, action, grounds }));
      expect(events).toEqual(
        expect.arrayContaining([
          { actorId: counselor.id, action: 'family_contact.create', grounds: 'care_team' },
          { actorId: counselor.id, action: 'family_contact.update', grounds: 'care_team' },
          { actorId: counselor.id, action: 'family_interaction.create', grounds: 'care_team' },
          { actorId: coordinator.id, action: 'family_contact.list', grounds: 'role' },
          { actorId: counselor.id, action: 'family_contact.read', grounds: 'care_team' },
          { actorId: coordinator.id, action: 'family_interaction.list', grounds: 'role' },
        ]),
      );
      expect(events).toHaveLength(6);
      const raw = await t.dataSource.query<Array<{ details: unknown }>>('SELECT details FROM audit_event WHERE client_id = $1', [
        client.id,
      ]);
      expect(JSON.stringify(raw)).not.toContain(name);
    });

    it('records no interaction event when one is refused', async () => {
      const client = await newClient();
      const contact = await makeFamilyContact(t, counselor, client.id);
      await recordInteraction(counselor, client.id, contact.id, validInteraction()).expect(422);
      const rows = await t.dataSource.query<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM audit_event WHERE client_id = $1 AND action = 'family_interaction.create'`,
        [client.id],
      );
      expect(rows[0].n).toBe(0);
    });
  });

  it('answers contactable by the clinic day: a consent from tomorrow counts once tomorrow comes', async () => {
    const client = await newClient();
    await recordConsent(t, counselor, client.id, { scope: 'family_contact', validFrom: clinicDay(t, 1) });
    const contact = await makeFamilyContact(t, counselor, client.id);
    expect(contact.contactable).toBe(false);
    t.clock.advance(DAY);
    const res = await t.http
      .get(`${base(client.id)}/${contact.id}`)
      .set(counselor.auth)
      .expect(200);
    expect(res.body.contactable).toBe(true);
    await recordInteraction(counselor, client.id, contact.id, validInteraction()).expect(201);
  });
});
