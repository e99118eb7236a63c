import { randomUUID } from 'node:crypto';
import type { ConsentRevoked } from '@tongban/clients';
import type { AppointmentSet } from '@tongban/counseling';
import type { MeetingPlanned } from '@tongban/peer-groups';
import { Consequences, DomainEvent, DomainEvents, FieldCipher, Role } from '@tongban/platform';
import { InlineDelivery } from '@tongban/reminders/delivery/inline-delivery';
import { SweepRemindersJob } from '@tongban/reminders/jobs/sweep-reminders.job';
import { BUILT_IN_TEMPLATES } from '@tongban/reminders/texts/templates';
import {
  addToCareTeam,
  clinicDay,
  ClientRecord,
  cutToMilliseconds,
  dischargeClient,
  importDosingHistory,
  listReminders,
  localInstant,
  makeClient,
  makeClinic,
  makeDoseOrder,
  makeFamilyContact,
  makePeerGroup,
  makePeerMeeting,
  makeReminder,
  makeStaff,
  pinClock,
  readPages,
  recordConsent,
  ReminderRecord,
  revokeConsent,
  setWithinOneMillisecond,
  signInAdmin,
  SignedIn,
  joinPeerGroup,
  ClinicRecord,
} from './factories';
import { startSmsSink, startSmtpSink, SmsSink, SmtpSink } from './support/reminder-sinks';
import { startInlineRemindersApp } from './support/inline-reminders';
import { TestApp } from './support/test-app';
import { DAY, MINUTE } from './support/test-clock';

const TZ = 'Asia/Shanghai';
const FORBIDDEN = /methadone|drug|dose|addict|opioid|heroin|treatment|美沙酮|毒|成瘾|阿片|海洛因|治疗|剂量|服药/i;

/**
 * Reminders in the API process without Redis (as `npm start` runs on a
 * laptop): every kind, every rule of send time, every status, the channels
 * against a local SMS gateway and a local SMTP server. Delivery and sweeps
 * are driven by the test (REMINDER_POLL_MS=0) so that the clock it moves
 * decides, not a timer.
 */
describe('reminders (in-process delivery)', () => {
  let t: TestApp;
  let sms: SmsSink;
  let smtp: SmtpSink;
  let admin: SignedIn;
  let clinic: ClinicRecord;
  let coordinator: SignedIn;
  let counselor: SignedIn;
  let physician: SignedIn;
  let nurse: SignedIn;

  beforeAll(async () => {
    [sms, smtp] = await Promise.all([startSmsSink(), startSmtpSink()]);
    t = await startInlineRemindersApp(
      { REMINDER_SEND_TIMEOUT_MS: '500', REMINDER_LEASE_MS: '3000', REMINDER_CONCURRENCY: '4' },
      { SMS_GATEWAY_URL: sms.url, SMS_GATEWAY_TOKEN: 'gateway-token', SMTP_URL: smtp.url },
    );
    admin = await signInAdmin(t);
    clinic = await makeClinic(t, admin, { timeZone: TZ });
    [coordinator, counselor, physician, nurse] = await Promise.all([
      makeStaff(t, admin, Role.Coordinator, clinic.id),
      makeStaff(t, admin, Role.Counselor, clinic.id),
      makeStaff(t, admin, Role.Physician, clinic.id),
      makeStaff(t, admin, Role.Nurse, clinic.id),
    ]);
  });

  afterAll(async () => {
    await t?.close();
    await Promise.all([sms?.close(), smtp?.close()]);
  });

  beforeEach(() => {
    pinClock(t, '12:00', TZ);
    sms.respondWith(() => ({ status: 200 }));
    smtp.respondWith(() => ({}));
  });

  const deliverDue = (): Promise<number> => t.app.get(InlineDelivery).runDue();
  const sweep = () => t.app.get(SweepRemindersJob).run();
  /** Publishes a domain event as its area does, in a transaction of its own; answers what the subscribers did. */
  const publish = (event: DomainEvent): Promise<Consequences> =>
    t.dataSource.transaction((em) => t.app.get(DomainEvents).publish(em, event));

  async function reminder(id: string): Promise<ReminderRecord> {
    const items = await listReminders(t, coordinator, { limit: '200' });
    const found = items.find((item) => item.id === id);
    if (found) return found;
    const rows = await t.dataSource.query<Array<{ client_id: string }>>('SELECT client_id FROM reminder WHERE id = $1', [id]);
    const all = await listReminders(t, coordinator, { clientId: rows[0].client_id, limit: '200' });
    return all.find((item) => item.id === id)!;
  }

  async function remindersOf(clientId: string): Promise<ReminderRecord[]> {
    return listReminders(t, coordinator, { clientId, limit: '200' });
  }

  /**
   * A client of the counselor's caseload with a phone number and the consents given. With an intake in the past, a dose
   * on the intake day is imported (history from paper): missed days count from it, as they would from the intake day
   * of a client registered then (product.md: before any dose, they count from the registration day, which is today).
   */
  async function clientWith(consents: string[], fields: Record<string, unknown> = {}, doseOnIntake = true): Promise<ClientRecord> {
    const client = await makeClient(t, counselor, { phone: `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`, ...fields });
    for (const scope of consents) await recordConsent(t, counselor, client.id, { scope, validFrom: clinicDay(t, -40, TZ) });
    const intake = fields.intakeDate;
    if (doseOnIntake && typeof intake === 'string' && intake < clinicDay(t, 0, TZ)) {
      await importDosingHistory(t, coordinator, [[client.code, intake]]);
    }
    return client;
  }

  describe('appointment reminders by hand', () => {
    it('sends an SMS through the gateway with the reminder id as idempotency key, discreetly, in the client’s language', async () => {
      const client = await clientWith(['sms_reminders'], { preferredLanguage: 'zh-CN' });
      const appointmentAt = localInstant(`${clinicDay(t, 2, TZ)}T09:30`, TZ).toISOString();
      const created = await makeReminder(t, counselor, client.id, { note: '请带上身份证。', appointmentAt });
      expect(created).toMatchObject({ kind: 'appointment', channel: 'sms', recipient: 'client', status: 'scheduled', attempts: 0 });

      await deliverDue();
      const [request] = sms.requestsFor(created.id);
      expect(request).toMatchObject({ to: client.phone, idempotencyKey: created.id, authorization: 'Bearer gateway-token' });
      expect(request.text).toContain('09:30');
      expect(request.text).toContain('请带上身份证。');
      expect(request.text).not.toMatch(FORBIDDEN);
      expect(await reminder(created.id)).toMatchObject({ status: 'sent', attempts: 1, lastErrorCode: null });
    });

    it('sends e-mail through SMTP with a stable Message-ID and an English text for an English-speaking client', async () => {
      const client = await clientWith(['email_reminders'], { email: 'client@example.test', preferredLanguage: 'en' });
      const created = await makeReminder(t, coordinator, client.id, { channel: 'email' });
      await deliverDue();
      const mail = smtp.accepted.find((received) => received.messageId.includes(created.id));
      expect(mail).toBeDefined();
      expect(mail!.to).toEqual(['client@example.test']);
      expect(mail!.subject).toBe('Reminder');
      expect(mail!.body).toMatch(/^Hello, a reminder: you have an appointment soon\.?$/);
      expect(await reminder(created.id)).toMatchObject({ status: 'sent', channel: 'email', attempts: 1 });
    });

    it('stores the address and the text sealed', async () => {
      const client = await clientWith(['sms_reminders']);
      const created = await makeReminder(t, counselor, client.id, { note: 'See you soon.' });
      await deliverDue();
      const [row] = await t.dataSource.query<Array<{ address: string; text: string; note: string }>>(
        'SELECT address, text, note FROM reminder WHERE id = $1',
        [created.id],
      );
      for (const value of [row.address, row.text, row.note]) expect(value).toMatch(/^v1\./);
      expect(JSON.stringify(row)).not.toContain(client.phone!);
      expect(JSON.stringify(row)).not.toContain('See you soon');
    });

    it('is open to the coordinator and the client’s care-team counselor only', async () => {
      const client = await clientWith(['sms_reminders']);
      const otherCounselor = await makeStaff(t, admin, Role.Counselor, clinic.id);
      const peerLeader = await makeStaff(t, admin, Role.PeerLeader, clinic.id);
      const body = { clientId: client.id, kind: 'appointment', channel: 'sms', sendAt: t.clock.now().toISOString() };
      await t.http.post('/api/v1/reminders').set(otherCounselor.auth).send(body).expect(404);
      await t.http.post('/api/v1/reminders').set(peerLeader.auth).send(body).expect(403);
      await t.http.post('/api/v1/reminders').set(nurse.auth).send(body).expect(403);
      await addToCareTeam(t, coordinator, client.id, otherCounselor);
      await t.http.post('/api/v1/reminders').set(otherCounselor.auth).send(body).expect(201);
      const elsewhere = await makeStaff(t, admin, Role.Coordinator, (await makeClinic(t, admin)).id);
      await t.http.post('/api/v1/reminders').set(elsewhere.auth).send(body).expect(404);
    });

    it('refuses without the channel’s consent, without an address, with an indiscreet note, or for a client not in treatment', async () => {
      const noConsent = await clientWith([]);
      const send = (clientId: string, fields: Record<string, unknown> = {}) =>
        t.http
          .post('/api/v1/reminders')
          .set(coordinator.auth)
          .send({ clientId, kind: 'appointment', channel: 'sms', sendAt: t.clock.now().toISOString(), ...fields });
      expect((await send(noConsent.id).expect(422)).body.code).toBe('CONSENT_REQUIRED');
      const noEmail = await clientWith(['email_reminders']);
      expect((await send(noEmail.id, { channel: 'email' }).expect(422)).body.code).toBe('CONTACT_MISSING');
      const client = await clientWith(['sms_reminders']);
      for (const note of ['Bring your methadone card', '记得来服药', 'Dose at 9']) {
        const res = await send(client.id, { note }).expect(422);
        expect(res.body).toMatchObject({ code: 'NOTE_NOT_DISCREET', errors: [{ field: 'note' }] });
      }
      await t.http
        .post(`/api/v1/clients/${client.id}/discharge`)
        .set(coordinator.auth)
        .send({ date: clinicDay(t, 0, TZ), reason: 'completed' })
        .expect(200);
      expect((await send(client.id).expect(422)).body.code).toBe('CLIENT_NOT_ACTIVE');
    });

    it('validates every field and refuses unknown ones', async () => {
      const client = await clientWith(['sms_reminders']);
      const base = { clientId: client.id, kind: 'appointment', channel: 'sms', sendAt: t.clock.now().toISOString() };
      const bad = [
        { ...base, kind: 'meeting' },
        { ...base, channel: 'in_app' },
        { ...base, sendAt: '2026-03-01 10:00' },
        { ...base, sendAt: new Date(t.clock.now().getTime() - 60 * MINUTE).toISOString() },
        { ...base, clientId: 'not-a-uuid' },
        { ...base, extra: true },
        { ...base, appointmentAt: new Date(t.clock.now().getTime() - MINUTE).toISOString() },
      ];
      for (const body of bad) {
        const res = await t.http.post('/api/v1/reminders').set(coordinator.auth).send(body).expect(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
      }
    });

    it('replays the first answer to a retried POST with the same Idempotency-Key', async () => {
      const client = await clientWith(['sms_reminders']);
      const body = { clientId: client.id, kind: 'appointment', channel: 'sms', sendAt: t.clock.now().toISOString() };
      const first = await t.http
        .post('/api/v1/reminders')
        .set(coordinator.auth)
        .set('Idempotency-Key', `k-${client.id}`)
        .send(body)
        .expect(201);
      const again = await t.http
        .post('/api/v1/reminders')
        .set(coordinator.auth)
        .set('Idempotency-Key', `k-${client.id}`)
        .send(body)
        .expect(201);
      expect(again.body.id).toBe(first.body.id);
      expect(await remindersOf(client.id)).toHaveLength(1);
    });
  });

  describe('rules at send time', () => {
    it('holds a message in the clinic’s quiet hours and sends it when they end', async () => {
      // Admitted today: still in treatment once the clock has moved on (30 days without a dose would be a drop-out).
      const client = await clientWith(['sms_reminders'], { intakeDate: clinicDay(t, 0, TZ) });
      pinClock(t, '22:30', TZ);
      const created = await makeReminder(t, coordinator, client.id);
      await deliverDue();
      expect(sms.requestsFor(created.id)).toHaveLength(0);
      expect(await reminder(created.id)).toMatchObject({ status: 'held', attempts: 0 });

      t.clock.set(localInstant(`${clinicDay(t, 1, TZ)}T07:59`, TZ));
      await deliverDue();
      expect(sms.requestsFor(created.id)).toHaveLength(0);
      t.clock.set(localInstant(`${clinicDay(t, 0, TZ)}T08:00`, TZ));
      await deliverDue();
      expect(sms.requestsFor(created.id)).toHaveLength(1);
      expect(await reminder(created.id)).toMatchObject({ status: 'sent', attempts: 1 });
    });

    it('follows the clinic’s own quiet hours, in its time zone', async () => {
      const client = await clientWith(['sms_reminders']);
      await t.http
        .patch(`/api/v1/clinics/${clinic.id}/settings`)
        .set(coordinator.auth)
        .send({ quietHoursStart: '11:00', quietHoursEnd: '13:00' })
        .expect(200);
      try {
        const created = await makeReminder(t, coordinator, client.id);
        await deliverDue();
        expect(await reminder(created.id)).toMatchObject({ status: 'held' });
        t.clock.set(localInstant(`${clinicDay(t, 0, TZ)}T13:00`, TZ));
        await deliverDue();
        expect(await reminder(created.id)).toMatchObject({ status: 'sent' });
      } finally {
        await t.http
          .patch(`/api/v1/clinics/${clinic.id}/settings`)
          .set(coordinator.auth)
          .send({ quietHoursStart: '21:00', quietHoursEnd: '08:00' })
          .expect(200);
      }
    });

    it('cancels at send time when the consent has expired since the reminder was made', async () => {
      const client = await clientWith([]);
      await recordConsent(t, counselor, client.id, {
        scope: 'sms_reminders',
        validFrom: clinicDay(t, -40, TZ),
        validUntil: clinicDay(t, 0, TZ),
      });
      const created = await makeReminder(t, coordinator, client.id, {
        sendAt: new Date(t.clock.now().getTime() + 60 * MINUTE).toISOString(),
      });
      expect(await reminder(created.id)).toMatchObject({ status: 'scheduled' });
      // An expiry is no event anybody writes: the consent lapses at the clinic's midnight, and the send-time rule sees it.
      t.clock.set(localInstant(`${clinicDay(t, 1, TZ)}T12:00`, TZ));
      await deliverDue();
      expect(sms.requestsFor(created.id)).toHaveLength(0);
      expect(await reminder(created.id)).toMatchObject({ status: 'cancelled', lastErrorCode: 'CONSENT_INACTIVE', attempts: 0 });
    });

    it('keeps a reminder when its consent is recorded again (renewed, one consent per scope), and cancels it when that one is revoked', async () => {
      const client = await clientWith(['sms_reminders']);
      const created = await makeReminder(t, coordinator, client.id, {
        sendAt: new Date(t.clock.now().getTime() + 60 * MINUTE).toISOString(),
      });
      const renewed = await t.http
        .post(`/api/v1/clients/${client.id}/consents`)
        .set(counselor.auth)
        .send({ scope: 'sms_reminders', validUntil: clinicDay(t, 200, TZ) })
        .expect(200);
      const consents = (await t.http.get(`/api/v1/clients/${client.id}/consents`).set(counselor.auth).expect(200)).body.items as Array<{
        id: string;
      }>;
      expect(consents.map((consent) => consent.id)).toEqual([renewed.body.id]);
      await deliverDue();
      expect(await reminder(created.id)).toMatchObject({ status: 'scheduled' });
      await revokeConsent(t, counselor, client.id, renewed.body.id as string);
      expect(await reminder(created.id)).toMatchObject({ status: 'cancelled' });
      // Idempotent: what the revocation called inside its transaction finds nothing more to cancel.
      expect(
        await publish({
          type: 'consent.revoked',
          clientId: client.id,
          scope: 'sms_reminders',
          consentId: renewed.body.id,
        } as ConsentRevoked),
      ).toEqual({ remindersCancelled: 0 });
    });

    it('cancels when the client is no longer in treatment', async () => {
      const client = await clientWith(['sms_reminders']);
      const created = await makeReminder(t, coordinator, client.id);
      await t.http
        .post(`/api/v1/clients/${client.id}/discharge`)
        .set(coordinator.auth)
        .send({ date: clinicDay(t, 0, TZ), reason: 'transferred' })
        .expect(200);
      await deliverDue();
      expect(await reminder(created.id)).toMatchObject({ status: 'cancelled', lastErrorCode: 'CLIENT_NOT_ACTIVE' });
      expect(sms.requestsFor(created.id)).toHaveLength(0);
    });

    it('cancels a reminder of an appointment that has begun', async () => {
      const client = await clientWith(['sms_reminders']);
      const appointmentAt = new Date(t.clock.now().getTime() + 90 * MINUTE).toISOString();
      const created = await makeReminder(t, coordinator, client.id, {
        sendAt: new Date(t.clock.now().getTime() + 60 * MINUTE).toISOString(),
        appointmentAt,
      });
      t.clock.advance(100 * MINUTE);
      await deliverDue();
      expect(await reminder(created.id)).toMatchObject({ status: 'cancelled', lastErrorCode: 'EVENT_PASSED' });
    });

    it('fails visibly as CHANNEL_NOT_CONFIGURED when the channel has no provider', async () => {
      const client = await clientWith(['sms_reminders', 'email_reminders'], { email: 'someone@example.test' });
      const bySms = await makeReminder(t, coordinator, client.id);
      const byEmail = await makeReminder(t, coordinator, client.id, { channel: 'email' });
      const { smsGatewayUrl, smtpUrl } = t.config;
      t.config.smsGatewayUrl = undefined;
      t.config.smtpUrl = undefined;
      try {
        await deliverDue();
      } finally {
        t.config.smsGatewayUrl = smsGatewayUrl;
        t.config.smtpUrl = smtpUrl;
      }
      expect(await reminder(bySms.id)).toMatchObject({ status: 'failed', lastErrorCode: 'CHANNEL_NOT_CONFIGURED', attempts: 0 });
      expect(await reminder(byEmail.id)).toMatchObject({ status: 'failed', lastErrorCode: 'CHANNEL_NOT_CONFIGURED', attempts: 0 });
    });
  });

  describe('cancelled at once when what they needed ends', () => {
    /** The client's consent of `scope` (the first one recorded). */
    async function consentOf(client: ClientRecord, scope: string): Promise<string> {
      const res = await t.http.get(`/api/v1/clients/${client.id}/consents`).set(counselor.auth).expect(200);
      return (res.body.items as Array<{ id: string; scope: string }>).find((consent) => consent.scope === scope)!.id;
    }

    const inAnHour = (): string => new Date(t.clock.now().getTime() + 60 * MINUTE).toISOString();

    it('cancels a scheduled SMS reminder the moment sms_reminders is revoked, before any delivery runs; an e-mail one stays', async () => {
      const client = await clientWith(['sms_reminders', 'email_reminders', 'research'], { email: 'wei@example.test' });
      const bySms = await makeReminder(t, coordinator, client.id, { sendAt: inAnHour() });
      const byEmail = await makeReminder(t, coordinator, client.id, { channel: 'email', sendAt: inAnHour() });

      await revokeConsent(t, counselor, client.id, await consentOf(client, 'research'));
      expect((await remindersOf(client.id)).map((item) => item.status)).toEqual(['scheduled', 'scheduled']);

      await revokeConsent(t, counselor, client.id, await consentOf(client, 'sms_reminders'));
      // No delivery has run (REMINDER_POLL_MS=0): the revocation itself cancelled it.
      expect(await reminder(bySms.id)).toMatchObject({ status: 'cancelled', lastErrorCode: 'CONSENT_INACTIVE', attempts: 0 });
      expect(await reminder(byEmail.id)).toMatchObject({ status: 'scheduled', attempts: 0 });

      t.clock.advance(61 * MINUTE);
      await deliverDue();
      expect(sms.requestsFor(bySms.id)).toHaveLength(0);
      expect(await reminder(bySms.id)).toMatchObject({ status: 'cancelled', attempts: 0 });
      expect(await reminder(byEmail.id)).toMatchObject({ status: 'sent', channel: 'email' });
    });

    it('cancels pending family outreach when family_contact is revoked; the client’s own reminder stays', async () => {
      const client = await clientWith(['sms_reminders', 'family_contact'], { intakeDate: clinicDay(t, -4, TZ) });
      await makeFamilyContact(t, counselor, client.id, { phone: '13700000011', mayContact: true });
      await sweep();
      const made = await remindersOf(client.id);
      const outreach = made.find((item) => item.kind === 'family_outreach')!;
      const missedDose = made.find((item) => item.kind === 'missed_dose')!;
      expect(outreach).toMatchObject({ recipient: 'family', status: 'scheduled' });
      expect(missedDose).toMatchObject({ recipient: 'client', status: 'scheduled' });

      await revokeConsent(t, counselor, client.id, await consentOf(client, 'family_contact'));
      expect(await reminder(outreach.id)).toMatchObject({ status: 'cancelled', lastErrorCode: 'CONSENT_INACTIVE', attempts: 0 });
      expect(await reminder(missedDose.id)).toMatchObject({ status: 'scheduled' });
    });

    it('cancels pending meeting reminders when peer_support is revoked; other members’ and the client’s other reminders stay', async () => {
      const leader = await makeStaff(t, admin, Role.PeerLeader, clinic.id);
      const group = await makePeerGroup(t, coordinator, [leader]);
      const today = { intakeDate: clinicDay(t, 0, TZ) };
      const revokes = await clientWith(['peer_support', 'sms_reminders'], today);
      const keeps = await clientWith(['peer_support', 'sms_reminders'], today);
      for (const member of [revokes, keeps]) await joinPeerGroup(t, coordinator, group.id, member.id);
      await makePeerMeeting(t, leader, group.id, { date: clinicDay(t, 2, TZ), startsAt: '19:00' });
      const appointment = await makeReminder(t, coordinator, revokes.id, { sendAt: inAnHour() });
      const [meetingOfRevokes] = (await remindersOf(revokes.id)).filter((item) => item.kind === 'meeting');
      const [meetingOfKeeps] = await remindersOf(keeps.id);
      expect(meetingOfRevokes).toMatchObject({ status: 'scheduled' });
      expect(meetingOfKeeps).toMatchObject({ kind: 'meeting', status: 'scheduled' });

      await revokeConsent(t, counselor, revokes.id, await consentOf(revokes, 'peer_support'));
      expect(await reminder(meetingOfRevokes.id)).toMatchObject({ status: 'cancelled', lastErrorCode: 'CONSENT_INACTIVE', attempts: 0 });
      expect(await reminder(meetingOfKeeps.id)).toMatchObject({ status: 'scheduled' });
      expect(await reminder(appointment.id)).toMatchObject({ status: 'scheduled' });
    });

    it('cancels every pending reminder of a client who is discharged, to them and to their relatives; a sent one stays sent', async () => {
      const client = await clientWith(['sms_reminders', 'family_contact'], { intakeDate: clinicDay(t, -4, TZ) });
      await makeFamilyContact(t, counselor, client.id, { phone: '13700000012', mayContact: true });
      const other = await clientWith(['sms_reminders'], { intakeDate: clinicDay(t, 0, TZ) });
      const sent = await makeReminder(t, coordinator, client.id);
      await deliverDue();
      expect(await reminder(sent.id)).toMatchObject({ status: 'sent' });
      await sweep();
      const later = await makeReminder(t, coordinator, client.id, { sendAt: inAnHour() });
      const othersReminder = await makeReminder(t, coordinator, other.id, { sendAt: inAnHour() });
      const pending = (await remindersOf(client.id)).filter((item) => item.status === 'scheduled');
      expect(pending.map((item) => `${item.kind}:${item.recipient}`).sort()).toEqual([
        'appointment:client',
        'family_outreach:family',
        'missed_dose:client',
      ]);

      await dischargeClient(t, coordinator, client.id, clinicDay(t, 0, TZ), 'completed');
      for (const item of pending) {
        expect(await reminder(item.id)).toMatchObject({ status: 'cancelled', lastErrorCode: 'CLIENT_NOT_ACTIVE', attempts: 0 });
      }
      expect(pending.map((item) => item.id)).toContain(later.id);
      expect(await reminder(sent.id)).toMatchObject({ status: 'sent', attempts: 1 });
      expect(await reminder(othersReminder.id)).toMatchObject({ status: 'scheduled' });
    });

    it('cancels a client’s pending reminders when reading their dosing status finds them dropped out', async () => {
      // 28 missed days when the reminder is made; two clinic days later, 30: a drop-out that no one has read yet.
      const client = await clientWith(['sms_reminders'], { intakeDate: clinicDay(t, -29, TZ) });
      const sendAt = localInstant(`${clinicDay(t, 3, TZ)}T10:00`, TZ).toISOString();
      const pending = await makeReminder(t, coordinator, client.id, { sendAt });
      expect(await reminder(pending.id)).toMatchObject({ status: 'scheduled' });
      pinClock(t, '12:00', TZ, 2);

      const status = await t.http.get(`/api/v1/clients/${client.id}/dosing-status`).set(coordinator.auth).expect(200);
      expect(status.body).toMatchObject({ flag: 'dropped_out' });
      expect(await reminder(pending.id)).toMatchObject({ status: 'cancelled', lastErrorCode: 'CLIENT_NOT_ACTIVE', attempts: 0 });
    });
  });

  describe('retries', () => {
    async function deliverUntilDone(id: string): Promise<ReminderRecord> {
      for (let round = 0; round < 10; round += 1) {
        await deliverDue();
        const current = await reminder(id);
        if (current.status !== 'scheduled') return current;
        t.clock.advance(MINUTE);
      }
      return reminder(id);
    }

    it('retries the gateway’s 500s and sends on the third attempt, with the same key and text each time', async () => {
      const client = await clientWith(['sms_reminders']);
      const created = await makeReminder(t, coordinator, client.id);
      sms.respondWith((request, nth) => ({ status: request.idempotencyKey === created.id && nth <= 2 ? 500 : 200 }));
      await deliverDue();
      expect(await reminder(created.id)).toMatchObject({ status: 'scheduled', attempts: 1, lastErrorCode: 'PROVIDER_ERROR' });
      expect(await deliverUntilDone(created.id)).toMatchObject({ status: 'sent', attempts: 3, lastErrorCode: null });
      const requests = sms.requestsFor(created.id);
      expect(requests).toHaveLength(3);
      expect(new Set(requests.map((request) => request.text)).size).toBe(1);
    });

    it('does not retry a 400: failed after one attempt', async () => {
      const client = await clientWith(['sms_reminders']);
      const created = await makeReminder(t, coordinator, client.id);
      sms.respondWith((request) => ({ status: request.idempotencyKey === created.id ? 400 : 200 }));
      expect(await deliverUntilDone(created.id)).toMatchObject({ status: 'failed', attempts: 1, lastErrorCode: 'PROVIDER_REJECTED' });
      expect(sms.requestsFor(created.id)).toHaveLength(1);
    });

    /** Runs delivery at each due time (the clock moved there, not waited for) until the reminder is sent or failed. */
    async function followUntilDone(id: string, maxRounds = 400): Promise<Array<{ attempt: number; delayMs: number }>> {
      const waits: Array<{ attempt: number; delayMs: number }> = [];
      for (let round = 0; round < maxRounds; round += 1) {
        const before = t.clock.now().getTime();
        await deliverDue();
        const [row] = await t.dataSource.query<Array<{ due_at: Date; status: string; attempts: number }>>(
          'SELECT due_at, status, attempts FROM reminder WHERE id = $1',
          [id],
        );
        if (row.status === 'sent' || row.status === 'failed' || row.status === 'cancelled') return waits;
        const dueAt = new Date(row.due_at).getTime();
        if (row.status === 'scheduled' && waits.at(-1)?.attempt !== row.attempts)
          waits.push({ attempt: row.attempts, delayMs: dueAt - before });
        t.clock.set(new Date(Math.max(dueAt, before) + 1));
      }
      throw new Error('the reminder was neither sent nor failed');
    }

    it('backs off from the first delay, doubling up to 30 minutes, retries until 24 hours after it was due, then fails with the last error', async () => {
      const client = await clientWith(['sms_reminders']);
      const created = await makeReminder(t, coordinator, client.id);
      const due = new Date(created.scheduledFor).getTime();
      sms.respondWith((request) => ({ status: request.idempotencyKey === created.id ? 503 : 200 }));
      const waits = await followUntilDone(created.id);
      waits.slice(0, 4).forEach(({ delayMs }, index) => {
        expect(delayMs).toBeGreaterThanOrEqual(50 * 2 ** index);
        expect(delayMs).toBeLessThan(50 * 2 ** index + 1000);
      });
      // (measured from before the run, so a little longer than the back-off itself)
      for (const { delayMs } of waits) expect(delayMs).toBeLessThan(30 * MINUTE + 1000);
      expect(waits.filter(({ delayMs }) => delayMs >= 30 * MINUTE).length).toBeGreaterThan(10);
      const failed = await reminder(created.id);
      expect(failed).toMatchObject({ status: 'failed', lastErrorCode: 'PROVIDER_ERROR' });
      expect(failed.attempts).toBeGreaterThan(5);
      expect(sms.requestsFor(created.id)).toHaveLength(failed.attempts);
      // Given up only when the next try would come more than 24 hours after it was due.
      expect(t.clock.now().getTime() - due).toBeGreaterThan(DAY - 30 * MINUTE);
      expect(t.clock.now().getTime() - due).toBeLessThanOrEqual(DAY + 30 * MINUTE);
    });

    it('stops retrying when the appointment begins: failed with the last error, after at least five attempts', async () => {
      const client = await clientWith(['sms_reminders']);
      const appointmentAt = new Date(t.clock.now().getTime() + 20 * MINUTE).toISOString();
      const created = await makeReminder(t, coordinator, client.id, { appointmentAt });
      sms.respondWith((request) => ({ status: request.idempotencyKey === created.id ? 502 : 200 }));
      await followUntilDone(created.id);
      const failed = await reminder(created.id);
      expect(failed).toMatchObject({ status: 'failed', lastErrorCode: 'PROVIDER_ERROR' });
      expect(failed.attempts).toBeGreaterThanOrEqual(5);
      expect(t.clock.now().getTime()).toBeLessThanOrEqual(new Date(appointmentAt).getTime() + 30 * MINUTE);
    });

    it('loses nothing while the gateway is down for two hours: every reminder is sent once when it returns', async () => {
      const client = await clientWith(['sms_reminders']);
      const created: ReminderRecord[] = [];
      for (let i = 0; i < 20; i += 1) created.push(await makeReminder(t, coordinator, client.id));
      const ids = new Set(created.map((item) => item.id));
      let down = true;
      sms.respondWith((request) => ({ status: down && ids.has(request.idempotencyKey) ? 503 : 200 }));
      const downUntil = t.clock.now().getTime() + 120 * MINUTE;
      while (t.clock.now().getTime() < downUntil) {
        await deliverDue();
        t.clock.advance(MINUTE);
      }
      const during = await remindersOf(client.id);
      expect(during.filter((item) => ids.has(item.id)).every((item) => item.status === 'scheduled' && item.attempts >= 5)).toBe(true);
      down = false;
      for (let round = 0; round < 40; round += 1) {
        await deliverDue();
        t.clock.advance(MINUTE);
      }
      const after = (await remindersOf(client.id)).filter((item) => ids.has(item.id));
      expect(after.map((item) => item.status)).toEqual(created.map(() => 'sent'));
      for (const id of ids) expect(sms.deliveries.filter((message) => message.idempotencyKey === id)).toHaveLength(1);
    });

    it('retries a gateway that does not answer in time', async () => {
      const client = await clientWith(['sms_reminders']);
      const created = await makeReminder(t, coordinator, client.id);
      sms.respondWith((request, nth) =>
        request.idempotencyKey === created.id && nth === 1 ? { status: 200, delayMs: 1500 } : { status: 200 },
      );
      await deliverDue();
      expect(await reminder(created.id)).toMatchObject({ status: 'scheduled', attempts: 1, lastErrorCode: 'PROVIDER_TIMEOUT' });
      expect(await deliverUntilDone(created.id)).toMatchObject({ status: 'sent', attempts: 2 });
      // The gateway had taken the first call: the retry, with the same key, is answered without a second message.
      expect(sms.requestsFor(created.id)).toHaveLength(2);
      expect(sms.deliveries.filter((message) => message.idempotencyKey === created.id)).toHaveLength(1);
    });

    it('retries SMTP’s transient 451 and sends on the third attempt; a permanent 550 fails after one', async () => {
      const client = await clientWith(['email_reminders'], { email: 'retry@example.test' });
      const transient = await makeReminder(t, coordinator, client.id, { channel: 'email' });
      const permanent = await makeReminder(t, coordinator, client.id, { channel: 'email' });
      smtp.respondWith((mail, nth) => {
        if (mail.messageId.includes(transient.id) && nth <= 2) return { code: 451 };
        if (mail.messageId.includes(permanent.id)) return { code: 550 };
        return {};
      });
      expect(await deliverUntilDone(transient.id)).toMatchObject({ status: 'sent', attempts: 3 });
      expect(await reminder(permanent.id)).toMatchObject({ status: 'failed', attempts: 1, lastErrorCode: 'PROVIDER_REJECTED' });
      expect(smtp.accepted.filter((mail) => mail.messageId.includes(transient.id))).toHaveLength(1);
    });
  });

  describe('kinds that follow from the records', () => {
    it('follows up a missed dose the day after, once per streak, and not after a covered day nor once the client is back', async () => {
      // Each is dosed on the intake day below.
      const missed = await clientWith(['sms_reminders'], { intakeDate: clinicDay(t, -2, TZ) }, false);
      const dosed = await clientWith(['sms_reminders'], { intakeDate: clinicDay(t, -1, TZ) }, false);
      const back = await clientWith(['sms_reminders'], { intakeDate: clinicDay(t, -2, TZ) }, false);
      for (const [client, days] of [
        [missed, [-2]],
        [dosed, [-1]],
        [back, [-2, 0]],
      ] as const) {
        await makeDoseOrder(t, physician, client.id, { effectiveDate: clinicDay(t, days[0], TZ) }, TZ);
        for (const day of days) {
          await t.http
            .post(`/api/v1/clients/${client.id}/doses`)
            .set(nurse.auth)
            .send({ doseMg: 60, kind: 'observed', clinicDay: clinicDay(t, day, TZ) })
            .expect(201);
        }
      }
      await sweep();
      await sweep();
      const reminders = await remindersOf(missed.id);
      expect(reminders).toEqual([
        expect.objectContaining({ kind: 'missed_dose', channel: 'sms', recipient: 'client', status: 'scheduled' }),
      ]);
      expect(await remindersOf(dosed.id)).toEqual([]);
      // Yesterday was missed, but the client came to the window today before the sweep: nothing to follow up.
      expect(await remindersOf(back.id)).toEqual([]);
      const [key] = await t.dataSource.query<Array<{ dedupe_key: string }>>('SELECT dedupe_key FROM reminder WHERE id = $1', [
        reminders[0].id,
      ]);
      expect(key.dedupe_key).toBe(`missed_dose:${missed.id}:${clinicDay(t, -1, TZ)}`);

      await deliverDue();
      const [request] = sms.requestsFor(reminders[0].id);
      expect(request.to).toBe(missed.phone);
      expect(request.text).toBe(BUILT_IN_TEMPLATES.missed_dose['zh-CN']);
    });

    it('reaches out to a contactable relative at the assess threshold, only with family-contact consent', async () => {
      const withConsent = await clientWith(['sms_reminders', 'family_contact'], { intakeDate: clinicDay(t, -4, TZ) });
      const relative = await makeFamilyContact(t, counselor, withConsent.id, { phone: '13700000001', mayContact: true });
      await makeFamilyContact(t, counselor, withConsent.id, { phone: '13700000002', mayContact: false });
      const withoutConsent = await clientWith(['sms_reminders'], { intakeDate: clinicDay(t, -4, TZ) });
      await makeFamilyContact(t, counselor, withoutConsent.id, { phone: '13700000003', mayContact: true });
      const notContactable = await clientWith(['family_contact'], { intakeDate: clinicDay(t, -4, TZ) });
      await makeFamilyContact(t, counselor, notContactable.id, { phone: '13700000004', mayContact: false });

      await sweep();
      await sweep();
      const outreach = (await remindersOf(withConsent.id)).filter((item) => item.kind === 'family_outreach');
      expect(outreach).toEqual([expect.objectContaining({ channel: 'sms', recipient: 'family', status: 'scheduled' })]);
      expect((await remindersOf(withoutConsent.id)).map((item) => item.kind)).toEqual(['missed_dose']);
      expect(await remindersOf(notContactable.id)).toEqual([]);

      await deliverDue();
      const [request] = sms.requestsFor(outreach[0].id);
      expect(request.to).toBe(relative.phone);
      expect(request.text).not.toMatch(FORBIDDEN);
      expect(await reminder(outreach[0].id)).toMatchObject({ status: 'sent' });
    });

    it('cancels family outreach when the relative may no longer be contacted', async () => {
      const client = await clientWith(['family_contact'], { intakeDate: clinicDay(t, -4, TZ) });
      const relative = await makeFamilyContact(t, counselor, client.id, { phone: '13700000005', mayContact: true });
      await sweep();
      const [outreach] = (await remindersOf(client.id)).filter((item) => item.kind === 'family_outreach');
      await t.http
        .patch(`/api/v1/clients/${client.id}/family-contacts/${relative.id}`)
        .set(counselor.auth)
        .send({ mayContact: false })
        .expect(200);
      await deliverDue();
      expect(await reminder(outreach.id)).toMatchObject({ status: 'cancelled', lastErrorCode: 'CONTACT_NOT_ALLOWED' });
    });

    it('reminds group members with a reminder consent the day before a meeting, and not those who left', async () => {
      const leader = await makeStaff(t, admin, Role.PeerLeader, clinic.id);
      const group = await makePeerGroup(t, coordinator, [leader]);
      const today = { intakeDate: clinicDay(t, 0, TZ) };
      const stays = await clientWith(['peer_support', 'sms_reminders'], today);
      const leaves = await clientWith(['peer_support', 'sms_reminders'], today);
      const noReminders = await clientWith(['peer_support'], today);
      for (const member of [stays, leaves, noReminders]) await joinPeerGroup(t, coordinator, group.id, member.id);
      const meeting = await makePeerMeeting(t, leader, group.id, { date: clinicDay(t, 1, TZ), startsAt: '19:00' });

      // Made in the meeting's own transaction; scheduling again (as the daily sweep does for late joiners) makes none twice.
      expect(await publish({ type: 'peer_group.meeting_planned', meetingId: meeting.id, createdBy: leader.id } as MeetingPlanned)).toEqual({
        remindersScheduled: 0,
      });
      expect((await sweep()).meeting).toBe(0);
      const [forStays] = await remindersOf(stays.id);
      const [forLeaves] = await remindersOf(leaves.id);
      expect(forStays).toMatchObject({ kind: 'meeting', channel: 'sms', status: 'scheduled' });
      expect(await remindersOf(noReminders.id)).toEqual([]);

      await t.http.delete(`/api/v1/peer-groups/${group.id}/members/${leaves.id}`).set(coordinator.auth).expect(204);
      await deliverDue();
      expect(sms.requestsFor(forStays.id)[0].text).toContain('19:00');
      expect(await reminder(forStays.id)).toMatchObject({ status: 'sent' });
      expect(await reminder(forLeaves.id)).toMatchObject({ status: 'cancelled', lastErrorCode: 'NOT_A_MEMBER' });
    });

    it('schedules an appointment reminder for a counseling session’s next appointment, a day ahead', async () => {
      const client = await clientWith(['sms_reminders']);
      const appointmentAt = localInstant(`${clinicDay(t, 3, TZ)}T10:00`, TZ);
      const session = await t.http
        .post(`/api/v1/clients/${client.id}/counseling-sessions`)
        .set(counselor.auth)
        .send({ date: clinicDay(t, 0, TZ), type: 'individual', minutes: 45, nextAppointmentAt: appointmentAt.toISOString() })
        .expect(201);
      // Made in the session's own transaction, once.
      expect(
        await publish({
          type: 'counseling.appointment_set',
          clientId: client.id,
          sessionId: session.body.id,
          appointmentAt,
          createdBy: counselor.id,
        } as AppointmentSet),
      ).toEqual({ remindersScheduled: 0 });
      const [item] = await remindersOf(client.id);
      expect(item).toMatchObject({ kind: 'appointment', channel: 'sms', status: 'scheduled' });
      expect(new Date(item.scheduledFor).getTime()).toBe(appointmentAt.getTime() - 24 * 60 * MINUTE);
      const without = await clientWith([]);
      expect(
        await publish({
          type: 'counseling.appointment_set',
          clientId: without.id,
          sessionId: without.id,
          appointmentAt,
          createdBy: counselor.id,
        } as AppointmentSet),
      ).toEqual({ remindersScheduled: 0 });
    });

    it('writes on the appointment event where its reminder stands: none for an appointment not ahead, the one made before for a repeat', async () => {
      const client = await clientWith(['sms_reminders']);
      const past: AppointmentSet = {
        type: 'counseling.appointment_set',
        clientId: client.id,
        sessionId: randomUUID(),
        appointmentAt: new Date(t.clock.now().getTime() - MINUTE),
        createdBy: counselor.id,
      };
      expect(await publish(past)).toEqual({ remindersScheduled: 0 });
      expect(past.reminder).toEqual({ status: 'not_scheduled', reason: 'PAST' });
      expect(await remindersOf(client.id)).toEqual([]);

      const appointmentAt = localInstant(`${clinicDay(t, 2, TZ)}T15:30`, TZ);
      const first: AppointmentSet = { ...past, sessionId: randomUUID(), appointmentAt };
      const repeat: AppointmentSet = { ...first };
      expect(await publish(first)).toEqual({ remindersScheduled: 1 });
      expect(await publish(repeat)).toEqual({ remindersScheduled: 0 });
      const scheduledFor = new Date(appointmentAt.getTime() - 24 * 60 * MINUTE);
      expect(first.reminder).toEqual({ status: 'scheduled', channel: 'sms', scheduledFor, heldUntil: null });
      expect(repeat.reminder).toEqual(first.reminder);
    });

    it('tells the care-team counselor in the app a week before a consent ends, once', async () => {
      const client = await clientWith([]);
      await recordConsent(t, counselor, client.id, {
        scope: 'peer_support',
        validFrom: clinicDay(t, -10, TZ),
        validUntil: clinicDay(t, 7, TZ),
      });
      const later = await clientWith([]);
      await recordConsent(t, counselor, later.id, {
        scope: 'peer_support',
        validFrom: clinicDay(t, -10, TZ),
        validUntil: clinicDay(t, 8, TZ),
      });
      await sweep();
      await sweep();
      const [notice] = await remindersOf(client.id);
      expect(notice).toMatchObject({ kind: 'consent_expiry', channel: 'in_app', recipient: 'staff', status: 'scheduled' });
      expect(await remindersOf(later.id)).toEqual([]);

      pinClock(t, '23:00', TZ, 0);
      await deliverDue();
      expect(await reminder(notice.id)).toMatchObject({ status: 'sent', attempts: 1 });
      const inbox = await t.http.get('/api/v1/notifications').set(counselor.auth).expect(200);
      const item = (inbox.body.items as Array<{ id: string; clientId: string; text: string; readAt: string | null }>).find(
        (entry) => entry.clientId === client.id,
      );
      expect(item).toMatchObject({ kind: 'consent_expiry', readAt: null });
      expect(item!.text).toContain(client.code);
      const read = await t.http.post(`/api/v1/notifications/${item!.id}/read`).set(counselor.auth).expect(200);
      expect(read.body.readAt).not.toBeNull();
      await t.http.post(`/api/v1/notifications/${item!.id}/read`).set(coordinator.auth).expect(404);
    });

    it('pages notifications newest first and shows each staff member only their own', async () => {
      const page = await t.http.get('/api/v1/notifications').query({ limit: 1 }).set(counselor.auth).expect(200);
      expect(page.body.items).toHaveLength(1);
      if (page.body.nextCursor) {
        const next = await t.http
          .get('/api/v1/notifications')
          .query({ limit: 1, cursor: page.body.nextCursor })
          .set(counselor.auth)
          .expect(200);
        expect(next.body.items[0].createdAt <= page.body.items[0].createdAt).toBe(true);
      }
      expect((await t.http.get('/api/v1/notifications').set(admin.auth).expect(200)).body).toEqual({ items: [], nextCursor: null });
    });

    it('pages notifications created within one millisecond without losing or repeating one, and refuses a cursor cut to milliseconds', async () => {
      const staff = await makeStaff(t, admin, Role.Counselor, clinic.id);
      const client = await clientWith(['sms_reminders']);
      const ids: string[] = [];
      for (let i = 0; i < 3; i += 1) {
        // Each notice rests on a reminder of its own, cancelled so that no delivery in another test sends it.
        const made = await makeReminder(t, counselor, client.id, { sendAt: new Date(t.clock.now().getTime() + 30 * DAY).toISOString() });
        await t.http.post(`/api/v1/reminders/${made.id}/cancel`).set(coordinator.auth).expect(200);
        ids.push(randomUUID());
        await t.dataSource.query(
          `INSERT INTO notification (id, staff_id, clinic_id, reminder_id, client_id, kind, text) VALUES ($1, $2, $3, $4, $5, 'appointment', $6)`,
          [ids[i], staff.id, clinic.id, made.id, client.id, t.app.get(FieldCipher).seal(`Notice ${i}`)],
        );
      }
      // PostgreSQL keeps microseconds: three notices created within one millisecond still have an order, and no page may lose one.
      await setWithinOneMillisecond(t, 'notification', 'created_at', ids);
      const pages = await readPages<{ id: string; text: string }>(t, staff, '/api/v1/notifications', 1);
      expect(pages.map((page) => page.items.map((item) => item.id))).toEqual([[ids[2]], [ids[1]], [ids[0]]]);
      expect(pages.map((page) => page.nextCursor === null)).toEqual([false, false, true]);
      expect(pages.map((page) => page.items[0].text)).toEqual(['Notice 2', 'Notice 1', 'Notice 0']);
      const res = await t.http
        .get('/api/v1/notifications')
        .query({ limit: 1, cursor: cutToMilliseconds(pages[0].nextCursor!) })
        .set(staff.auth)
        .expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    });
  });

  describe('the coordinator’s list and cancellation', () => {
    it('lists the clinic’s reminders by status and client, paged, and nobody else’s', async () => {
      const client = await clientWith(['sms_reminders']);
      const first = await makeReminder(t, coordinator, client.id, {
        sendAt: new Date(t.clock.now().getTime() + 60 * MINUTE).toISOString(),
      });
      const second = await makeReminder(t, coordinator, client.id, {
        sendAt: new Date(t.clock.now().getTime() + 120 * MINUTE).toISOString(),
      });
      const own = await listReminders(t, coordinator, { clientId: client.id });
      expect(own.map((item) => item.id)).toEqual([second.id, first.id]);
      expect(Object.keys(own[0]).sort()).toEqual(
        ['attempts', 'channel', 'clientId', 'id', 'kind', 'lastErrorCode', 'recipient', 'scheduledFor', 'sentAt', 'status'].sort(),
      );
      const page = await t.http.get('/api/v1/reminders').query({ clientId: client.id, limit: 1 }).set(coordinator.auth).expect(200);
      expect(page.body.items.map((item: ReminderRecord) => item.id)).toEqual([second.id]);
      const next = await t.http
        .get('/api/v1/reminders')
        .query({ clientId: client.id, limit: 1, cursor: page.body.nextCursor })
        .set(coordinator.auth)
        .expect(200);
      expect(next.body).toEqual({ items: [expect.objectContaining({ id: first.id })], nextCursor: null });
      expect((await listReminders(t, coordinator, { status: 'sent', limit: '200' })).every((item) => item.status === 'sent')).toBe(true);

      const elsewhere = await makeStaff(t, admin, Role.Coordinator, (await makeClinic(t, admin)).id);
      expect(await listReminders(t, elsewhere)).toEqual([]);
      await t.http.get('/api/v1/reminders').query({ clientId: client.id }).set(elsewhere.auth).expect(404);
      await t.http.get('/api/v1/reminders').set(counselor.auth).expect(403);
      await t.http.get('/api/v1/reminders').query({ status: 'lost' }).set(coordinator.auth).expect(400);
    });

    it('cancels a pending reminder (again: the same answer), refuses a sent one, and hides others’', async () => {
      const client = await clientWith(['sms_reminders']);
      const pending = await makeReminder(t, coordinator, client.id, {
        sendAt: new Date(t.clock.now().getTime() + 60 * MINUTE).toISOString(),
      });
      const res = await t.http.post(`/api/v1/reminders/${pending.id}/cancel`).set(coordinator.auth).expect(200);
      expect(res.body).toMatchObject({ id: pending.id, status: 'cancelled', lastErrorCode: 'CANCELLED_BY_STAFF' });
      await t.http.post(`/api/v1/reminders/${pending.id}/cancel`).set(coordinator.auth).expect(200);
      t.clock.advance(61 * MINUTE);
      await deliverDue();
      expect(sms.requestsFor(pending.id)).toHaveLength(0);

      const sent = await makeReminder(t, coordinator, client.id);
      await deliverDue();
      expect((await t.http.post(`/api/v1/reminders/${sent.id}/cancel`).set(coordinator.auth).expect(409)).body.code).toBe(
        'REMINDER_NOT_PENDING',
      );
      const elsewhere = await makeStaff(t, admin, Role.Coordinator, (await makeClinic(t, admin)).id);
      await t.http.post(`/api/v1/reminders/${pending.id}/cancel`).set(elsewhere.auth).expect(404);
      await t.http.post(`/api/v1/reminders/${pending.id}/cancel`).set(counselor.auth).expect(403);
    });

    it('schedules a failed reminder again on retry and sends the same message; refuses other statuses, a passed event, other clinics and roles', async () => {
      const client = await clientWith(['sms_reminders']);
      const failing = await makeReminder(t, coordinator, client.id, { note: '请准时。' });
      sms.respondWith((request, nth) => ({ status: request.idempotencyKey === failing.id && nth === 1 ? 400 : 200 }));
      await deliverDue();
      expect(await reminder(failing.id)).toMatchObject({ status: 'failed', attempts: 1, lastErrorCode: 'PROVIDER_REJECTED' });

      await t.http.post(`/api/v1/reminders/${failing.id}/retry`).set(counselor.auth).expect(403);
      const elsewhere = await makeStaff(t, admin, Role.Coordinator, (await makeClinic(t, admin)).id);
      await t.http.post(`/api/v1/reminders/${failing.id}/retry`).set(elsewhere.auth).expect(404);
      const res = await t.http.post(`/api/v1/reminders/${failing.id}/retry`).set(coordinator.auth).expect(200);
      expect(res.body).toMatchObject({ id: failing.id, status: 'scheduled', attempts: 0, lastErrorCode: null });
      await deliverDue();
      expect(await reminder(failing.id)).toMatchObject({ status: 'sent', attempts: 1, lastErrorCode: null });
      const [first, second] = sms.requestsFor(failing.id);
      expect(second.text).toBe(first.text);

      const again = await t.http.post(`/api/v1/reminders/${failing.id}/retry`).set(coordinator.auth).expect(409);
      expect(again.body).toMatchObject({ code: 'REMINDER_NOT_FAILED' });
      const events = await t.http.get('/api/v1/audit-events').query({ clientId: client.id }).set(coordinator.auth).expect(200);
      expect((events.body as { items: Array<{ action: string }> }).items.map((event) => event.action)).toContain('reminder.retry');

      const appointmentAt = new Date(t.clock.now().getTime() + 30 * MINUTE).toISOString();
      const late = await makeReminder(t, coordinator, client.id, { appointmentAt });
      sms.respondWith((request) => ({ status: request.idempotencyKey === late.id ? 400 : 200 }));
      await deliverDue();
      expect(await reminder(late.id)).toMatchObject({ status: 'failed' });
      t.clock.advance(31 * MINUTE);
      const passed = await t.http.post(`/api/v1/reminders/${late.id}/retry`).set(coordinator.auth).expect(422);
      expect(passed.body).toMatchObject({ code: 'EVENT_PASSED' });
    });
  });

  describe('clinic texts', () => {
    const path = (clinicId: string, kind: string, language: string) => `/api/v1/clinics/${clinicId}/reminder-templates/${kind}/${language}`;

    it('refuses a text to clients or relatives that names drugs or treatment, in either language', async () => {
      for (const [kind, language, text] of [
        ['missed_dose', 'en', 'We missed you at the methadone window'],
        ['missed_dose', 'zh-CN', '您昨天没有来服药'],
        ['family_outreach', 'zh-CN', '关于您家人的治疗，请回电'],
        ['appointment', 'en', 'Your treatment appointment is {when}'],
      ]) {
        const res = await t.http
          .put(path(clinic.id, kind, language))
          .set(coordinator.auth)
          .send({ text })
          .expect(422);
        expect(res.body).toMatchObject({ code: 'TEMPLATE_NOT_DISCREET', errors: [{ field: 'text' }] });
      }
    });

    it('uses the clinic’s own text once saved, and the built-in one again after it is removed', async () => {
      const put = await t.http
        .put(path(clinic.id, 'appointment', 'zh-CN'))
        .set(coordinator.auth)
        .send({ text: '您好，{when}见。{note}' })
        .expect(200);
      expect(put.body).toMatchObject({ kind: 'appointment', language: 'zh-CN', custom: true });
      const client = await clientWith(['sms_reminders']);
      const created = await makeReminder(t, coordinator, client.id, {
        appointmentAt: localInstant(`${clinicDay(t, 1, TZ)}T15:00`, TZ).toISOString(),
      });
      await deliverDue();
      const day = clinicDay(t, 1, TZ).split('-').map(Number);
      expect(sms.requestsFor(created.id)[0].text).toBe(`您好，${day[1]}月${day[2]}日 15:00见。`);

      const list = await t.http.get(`/api/v1/clinics/${clinic.id}/reminder-templates`).set(coordinator.auth).expect(200);
      expect(list.body).toHaveLength(10);
      expect(list.body.filter((template: { custom: boolean }) => template.custom)).toHaveLength(1);
      await t.http
        .delete(path(clinic.id, 'appointment', 'zh-CN'))
        .set(coordinator.auth)
        .expect(204);
      const again = await t.http.get(`/api/v1/clinics/${clinic.id}/reminder-templates`).set(coordinator.auth).expect(200);
      expect(
        again.body.find((template: { kind: string; language: string }) => template.kind === 'appointment' && template.language === 'zh-CN'),
      ).toMatchObject({
        custom: false,
        text: BUILT_IN_TEMPLATES.appointment['zh-CN'],
      });
    });

    it('lets staff notices name treatment, checks placeholders, and is for admin and the clinic’s coordinator only', async () => {
      await t.http
        .put(path(clinic.id, 'consent_expiry', 'zh-CN'))
        .set(admin.auth)
        .send({ text: '{code} 的治疗相关同意 {scope} 将于 {validUntil} 到期' })
        .expect(200);
      await t.http
        .put(path(clinic.id, 'missed_dose', 'en'))
        .set(coordinator.auth)
        .send({ text: 'Hello {name}' })
        .expect(400);
      await t.http
        .put(path(clinic.id, 'reminder', 'en'))
        .set(coordinator.auth)
        .send({ text: 'Hello' })
        .expect(400);
      await t.http
        .put(path(clinic.id, 'missed_dose', 'fr'))
        .set(coordinator.auth)
        .send({ text: 'Bonjour' })
        .expect(400);
      await t.http
        .put(path(clinic.id, 'missed_dose', 'en'))
        .set(counselor.auth)
        .send({ text: 'Hello' })
        .expect(403);
      const elsewhere = await makeStaff(t, admin, Role.Coordinator, (await makeClinic(t, admin)).id);
      await t.http
        .put(path(clinic.id, 'missed_dose', 'en'))
        .set(elsewhere.auth)
        .send({ text: 'Hello' })
        .expect(404);
    });
  });
});
