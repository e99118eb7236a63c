import * as dysmsapi from '@alicloud/dysmsapi20170525';
import type { MeetingPlanned } from '@tongban/peer-groups';
import { DomainEvents, Role } from '@tongban/platform';
import { Channels } from '@tongban/reminders/channels/channels';
import { InlineDelivery } from '@tongban/reminders/delivery/inline-delivery';
import { SweepRemindersJob } from '@tongban/reminders/jobs/sweep-reminders.job';
import { BUILT_IN_TEMPLATES } from '@tongban/reminders/texts/templates';
import * as tencentSms from 'tencentcloud-sdk-nodejs-sms';
import {
  clinicDay,
  ClientRecord,
  ClinicRecord,
  importDosingHistory,
  joinPeerGroup,
  listReminders,
  localInstant,
  makeClient,
  makeClinic,
  makeFamilyContact,
  makePeerGroup,
  makePeerMeeting,
  makeReminder,
  makeStaff,
  pinClock,
  recordConsent,
  ReminderRecord,
  signInAdmin,
  SignedIn,
} from './factories';
import { ProviderFake, ProviderRequest, startAliyunFake, startTencentFake } from './support/sms-provider-fakes';
import { startInlineRemindersApp } from './support/inline-reminders';
import { TestApp } from './support/test-app';
import { MINUTE } from './support/test-clock';

const TZ = 'Asia/Shanghai';
const FORBIDDEN = /methadone|drug|dose|addict|opioid|heroin|treatment|美沙酮|毒|成瘾|阿片|海洛因|治疗|剂量|服药/i;
const NOTE = '请带上蓝色卡片。';

/** Each kind's approved template, as a clinic would enter it. */
const TEMPLATES = {
  appointment: { templateCode: 'SMS_460100001', params: ['date', 'time'], previewText: '您好，提醒您：您于${date} ${time}有一个预约。' },
  meeting: { templateCode: 'SMS_460100002', params: ['when'], previewText: '您好，小组活动将于${when}举行，欢迎参加。' },
  missed_dose: { templateCode: 'SMS_460100003', params: [], previewText: '您好，我们昨天没有见到您，一切都好吗？' },
  family_outreach: { templateCode: 'SMS_460100004', params: [], previewText: '您好，我们想和您聊一聊，方便时请回电。' },
  consent_expiry: {
    templateCode: 'SMS_460100005',
    params: ['code', 'validUntil'],
    previewText: '来访者${code}的同意将于${validUntil}到期。',
  },
} as const;

interface Provider {
  name: 'aliyun' | 'tencent';
  prefix: 'ALIYUN' | 'TENCENT';
  start: () => Promise<ProviderFake>;
  env: (url: string) => Record<string, string>;
  action: string;
  version: string;
  /** The parameters as the provider's request carries them, from the template's names and the values a person reads. */
  params: (names: readonly string[], values: Record<string, string>) => unknown;
  throttled: string;
  templateRefused: string;
  serverError: string;
  /** A SendSms through the SDK signed with the wrong secret. */
  forge: (url: string) => Promise<unknown>;
}

const Dysms = (dysmsapi.default as unknown as { default?: typeof dysmsapi.default }).default ?? dysmsapi.default;

const PROVIDERS: Provider[] = [
  {
    name: 'aliyun',
    prefix: 'ALIYUN',
    start: () => startAliyunFake('LTAI-test-key-id', 'aliyun-test-secret'),
    env: (url) => ({
      SMS_PROVIDER: 'aliyun',
      ALIYUN_SMS_ACCESS_KEY_ID: 'LTAI-test-key-id',
      ALIYUN_SMS_ACCESS_KEY_SECRET: 'aliyun-test-secret',
      ALIYUN_SMS_SIGN_NAME: '平安服务',
      ALIYUN_SMS_ENDPOINT: url,
    }),
    action: 'SendSms',
    version: '2017-05-25',
    params: (names, values) => Object.fromEntries(names.map((name) => [name, values[name]])),
    throttled: 'ALIYUN:isv.BUSINESS_LIMIT_CONTROL',
    templateRefused: 'ALIYUN:isv.SMS_TEMPLATE_ILLEGAL',
    serverError: 'ALIYUN:ServiceUnavailable',
    forge: (url) =>
      new Dysms({
        accessKeyId: 'LTAI-test-key-id',
        accessKeySecret: 'guessed',
        endpoint: new URL(url).host,
        protocol: 'http',
      } as never).sendSms(
        new dysmsapi.SendSmsRequest({
          phoneNumbers: '13800000000',
          signName: '平安服务',
          templateCode: 'SMS_460100001',
          templateParam: '{}',
        }),
      ),
  },
  {
    name: 'tencent',
    prefix: 'TENCENT',
    start: () => startTencentFake('AKID-test-secret-id', 'tencent-test-secret'),
    env: (url) => ({
      SMS_PROVIDER: 'tencent',
      TENCENT_SMS_SECRET_ID: 'AKID-test-secret-id',
      TENCENT_SMS_SECRET_KEY: 'tencent-test-secret',
      TENCENT_SMS_SDK_APP_ID: '1400000001',
      TENCENT_SMS_SIGN_NAME: '平安服务',
      TENCENT_SMS_REGION: 'ap-guangzhou',
      TENCENT_SMS_ENDPOINT: url,
    }),
    action: 'SendSms',
    version: '2021-01-11',
    params: (names, values) => names.map((name) => values[name]),
    throttled: 'TENCENT:LimitExceeded.PhoneNumberDailyLimit',
    templateRefused: 'TENCENT:FailedOperation.TemplateIncorrectOrUnapproved',
    serverError: 'TENCENT:HTTP_502',
    forge: (url) =>
      new tencentSms.sms.v20210111.Client({
        credential: { secretId: 'AKID-test-secret-id', secretKey: 'guessed' },
        region: 'ap-guangzhou',
        profile: { httpProfile: { endpoint: new URL(url).host, protocol: 'http://' } },
      }).SendSms({
        PhoneNumberSet: ['13800000000'],
        SmsSdkAppId: '1400000001',
        SignName: '平安服务',
        TemplateId: '1',
        TemplateParamSet: [],
      }),
  },
];

/**
 * SMS through Aliyun and Tencent Cloud: the real SDKs against local fakes
 * that check what each provider checks (its signature, recomputed from the
 * shared secret; action, version, signature name, template, parameters) and
 * answer as it does, so every mapping to the reminder rules runs.
 */
describe.each(PROVIDERS)('SMS through $name', (provider) => {
  let t: TestApp;
  let fake: ProviderFake;
  let admin: SignedIn;
  let clinic: ClinicRecord;
  let coordinator: SignedIn;
  let counselor: SignedIn;

  beforeAll(async () => {
    fake = await provider.start();
    t = await startInlineRemindersApp({ REMINDER_SEND_TIMEOUT_MS: '2000', REMINDER_LEASE_MS: '5000' }, provider.env(fake.url));
    admin = await signInAdmin(t);
    clinic = await makeClinic(t, admin, { timeZone: TZ });
    [coordinator, counselor] = await Promise.all([
      makeStaff(t, admin, Role.Coordinator, clinic.id),
      makeStaff(t, admin, Role.Counselor, clinic.id),
    ]);
  });

  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });

  beforeEach(() => {
    pinClock(t, '12:00', TZ);
    fake.answerWith(() => 'ok');
  });

  const deliverDue = (): Promise<number> => t.app.get(InlineDelivery).runDue();
  const sweep = () => t.app.get(SweepRemindersJob).run();
  const requestsFor = (id: string): ProviderRequest[] => fake.requests.filter((request) => request.dedupeId === id);

  async function reminderOf(clientId: string, kind: string): Promise<ReminderRecord> {
    const found = (await listReminders(t, coordinator, { clientId, limit: '200' })).find((item) => item.kind === kind);
    if (!found) throw new Error(`no ${kind} reminder`);
    return found;
  }

  async function clientWith(consents: string[], fields: Record<string, unknown> = {}): Promise<ClientRecord> {
    const client = await makeClient(t, counselor, { phone: `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`, ...fields });
    for (const scope of consents) await recordConsent(t, counselor, client.id, { scope, validFrom: clinicDay(t, -40, TZ) });
    const intake = fields.intakeDate;
    if (typeof intake === 'string' && intake < clinicDay(t, 0, TZ)) await importDosingHistory(t, coordinator, [[client.code, intake]]);
    return client;
  }

  const putTemplate = (kind: string, body: unknown, who: SignedIn = coordinator, clinicId = clinic.id) =>
    t.http
      .put(`/api/v1/clinics/${clinicId}/sms-templates/${kind}`)
      .set(who.auth)
      .send(body as object);

  /** Checks one request as the provider would, and that it carried nothing but the template's parameters. */
  function expectTemplateRequest(request: ProviderRequest, kind: keyof typeof TEMPLATES, to: string, values: Record<string, string>): void {
    expect(request).toMatchObject({
      signatureValid: true,
      action: provider.action,
      version: provider.version,
      signName: '平安服务',
      templateCode: TEMPLATES[kind].templateCode,
      phone: to,
      params: provider.params(TEMPLATES[kind].params, values),
    });
    if (provider.name === 'tencent') expect(request.sdkAppId).toBe('1400000001');
    // No free text: neither the note, nor the built-in or the clinic's own text, in any form.
    const raw = decodeURIComponent(request.raw);
    expect(raw).not.toContain(NOTE);
    for (const text of Object.values(BUILT_IN_TEMPLATES[kind])) expect(raw).not.toContain(text.slice(0, 8));
    expect(raw).not.toMatch(FORBIDDEN);
  }

  it('delivers a reminder of every kind through the SDK, signed, as the approved template with the values a person reads, and no free text', async () => {
    for (const [kind, template] of Object.entries(TEMPLATES)) {
      const saved = await putTemplate(kind, template).expect(200);
      expect(saved.body).toMatchObject({ kind, ...template });
    }
    const listed = await t.http.get(`/api/v1/clinics/${clinic.id}/sms-templates`).set(coordinator.auth).expect(200);
    expect(listed.body.provider).toBe(provider.name);
    expect(listed.body.items.map((item: { kind: string }) => item.kind).sort()).toEqual(Object.keys(TEMPLATES).sort());

    // An appointment with a note: the note is free text and stays home.
    const patient = await clientWith(['sms_reminders'], { preferredLanguage: 'zh-CN' });
    const appointmentAt = localInstant(`${clinicDay(t, 2, TZ)}T09:30`, TZ).toISOString();
    const appointment = await makeReminder(t, counselor, patient.id, { note: NOTE, appointmentAt });
    // A missed dose (and, with family contact, outreach to the relative at the threshold).
    const absent = await clientWith(['sms_reminders', 'family_contact'], { intakeDate: clinicDay(t, -4, TZ) });
    const relative = await makeFamilyContact(t, counselor, absent.id, { phone: '13700000101', mayContact: true });
    await sweep();
    // A peer-group meeting tomorrow at 19:00.
    const leader = await makeStaff(t, admin, Role.PeerLeader, clinic.id);
    const group = await makePeerGroup(t, coordinator, [leader]);
    const member = await clientWith(['peer_support', 'sms_reminders'], { intakeDate: clinicDay(t, 0, TZ) });
    await joinPeerGroup(t, coordinator, group.id, member.id);
    const meeting = await makePeerMeeting(t, leader, group.id, { date: clinicDay(t, 1, TZ), startsAt: '19:00' });
    await t.dataSource.transaction((em) =>
      t.app
        .get(DomainEvents)
        .publish(em, { type: 'peer_group.meeting_planned', meetingId: meeting.id, createdBy: leader.id } as MeetingPlanned),
    );

    await deliverDue();
    const day = (offset: number): string => {
      const [, month, date] = clinicDay(t, offset, TZ).split('-').map(Number);
      return `${month}月${date}日`;
    };
    const sent = {
      appointment: await reminderOf(patient.id, 'appointment'),
      missed_dose: await reminderOf(absent.id, 'missed_dose'),
      family_outreach: await reminderOf(absent.id, 'family_outreach'),
      meeting: await reminderOf(member.id, 'meeting'),
    };
    expect(sent.appointment.id).toBe(appointment.id);
    for (const reminder of Object.values(sent))
      expect(reminder).toMatchObject({ channel: 'sms', status: 'sent', attempts: 1, lastErrorCode: null });
    expectTemplateRequest(requestsFor(sent.appointment.id)[0], 'appointment', patient.phone!, { date: day(2), time: '09:30' });
    expectTemplateRequest(requestsFor(sent.missed_dose.id)[0], 'missed_dose', absent.phone!, {});
    expectTemplateRequest(requestsFor(sent.family_outreach.id)[0], 'family_outreach', relative.phone!, {});
    expectTemplateRequest(requestsFor(sent.meeting.id)[0], 'meeting', member.phone!, { when: `${day(1)} 19:00` });
    for (const reminder of Object.values(sent)) expect(requestsFor(reminder.id)).toHaveLength(1);

    // The consent notice goes to staff in the app, never by SMS; its template still works through the channel.
    await t.app
      .get(Channels)
      .get('sms')
      .send({
        reminderId: '00000000-0000-4000-8000-00000000c0de',
        kind: 'consent_expiry',
        clinicId: clinic.id,
        clientId: null,
        to: '13800000999',
        text: 'free text that must not go',
        subject: '',
        values: { code: 'A-0042', scope: '短信提醒', validUntil: '2026-12-31', note: 'free text that must not go' },
      });
    const [notice] = requestsFor('00000000-0000-4000-8000-00000000c0de');
    expectTemplateRequest(notice, 'consent_expiry', '13800000999', { code: 'A-0042', validUntil: '2026-12-31' });
    expect(notice.raw).not.toContain('free text');
  });

  it('maps the provider’s answers: throttling and its faults retried, a refused template final, no template failed visibly, its code kept', async () => {
    const client = await clientWith(['sms_reminders']);
    await putTemplate('appointment', TEMPLATES.appointment).expect(200);
    const deliverUntilDone = async (id: string): Promise<ReminderRecord> => {
      for (let round = 0; round < 10; round += 1) {
        await deliverDue();
        const current = (await listReminders(t, coordinator, { clientId: client.id, limit: '200' })).find((item) => item.id === id)!;
        if (current.status !== 'scheduled') return current;
        t.clock.advance(MINUTE);
      }
      throw new Error('neither sent nor failed');
    };

    for (const [answer, code] of [
      ['throttled', provider.throttled],
      ['serverError', provider.serverError],
    ] as const) {
      const reminder = await makeReminder(t, coordinator, client.id);
      fake.answerWith((request) => (request.dedupeId === reminder.id && requestsFor(reminder.id).length <= 2 ? answer : 'ok'));
      await deliverDue();
      const [first] = (await listReminders(t, coordinator, { clientId: client.id, limit: '200' })).filter(
        (item) => item.id === reminder.id,
      );
      expect(first).toMatchObject({ status: 'scheduled', attempts: 1, lastErrorCode: code });
      expect(await deliverUntilDone(reminder.id)).toMatchObject({ status: 'sent', attempts: 3, lastErrorCode: null });
      expect(
        requestsFor(reminder.id).every((request) => request.signatureValid && request.templateCode === TEMPLATES.appointment.templateCode),
      ).toBe(true);
    }

    // The fake's signature check is real: the same SDK signing with another secret is refused.
    await expect(provider.forge(fake.url)).rejects.toBeDefined();
    expect(fake.requests.at(-1)!.signatureValid).toBe(false);

    const refused = await makeReminder(t, coordinator, client.id);
    fake.answerWith(() => 'templateRefused');
    expect(await deliverUntilDone(refused.id)).toMatchObject({ status: 'failed', attempts: 1, lastErrorCode: provider.templateRefused });
    expect(requestsFor(refused.id)).toHaveLength(1);

    // A clinic that has not entered its templates yet: the reminder fails at once, visibly, and the provider hears nothing.
    const other = await makeClinic(t, admin, { timeZone: TZ });
    const otherCounselor = await makeStaff(t, admin, Role.Counselor, other.id);
    const otherCoordinator = await makeStaff(t, admin, Role.Coordinator, other.id);
    const stranger = await makeClient(t, otherCounselor, { phone: '13900000777' });
    await recordConsent(t, otherCounselor, stranger.id, { scope: 'sms_reminders', validFrom: clinicDay(t, -40, TZ) });
    const missing = await makeReminder(t, otherCoordinator, stranger.id);
    const before = fake.requests.length;
    await deliverDue();
    const [failed] = (await listReminders(t, otherCoordinator, { clientId: stranger.id })).filter((item) => item.id === missing.id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, lastErrorCode: 'TEMPLATE_MISSING' });
    expect(fake.requests.length).toBe(before);
  });

  it('checks templates (parameters the kind can fill, discretion in both languages, who may), and sends a test message, audited and limited', async () => {
    await putTemplate('appointment', { ...TEMPLATES.appointment, params: ['date', 'time', 'clinicAddress'] })
      .expect(400)
      .expect((res) =>
        expect(res.body.errors).toEqual([expect.objectContaining({ field: 'params', message: expect.stringContaining('clinicAddress') })]),
      );
    await putTemplate('missed_dose', { ...TEMPLATES.missed_dose, params: ['note'] }).expect(400);
    await putTemplate('appointment', { ...TEMPLATES.appointment, previewText: '您好，${place}见。' })
      .expect(400)
      .expect((res) => expect(res.body.errors[0].field).toBe('previewText'));
    await putTemplate('appointment', { ...TEMPLATES.appointment, extra: 1 }).expect(400);
    await putTemplate('appointment', { ...TEMPLATES.appointment, templateCode: '' }).expect(400);
    await putTemplate('nothing', TEMPLATES.appointment).expect(400);
    for (const previewText of [
      '您好，请于${date} ${time}来服药。',
      'Hello, your methadone appointment is on ${date}.',
      '您好，美 沙 酮 ${date}',
      'M3THAD0NE ${time}',
    ]) {
      await putTemplate('appointment', { ...TEMPLATES.appointment, previewText })
        .expect(422)
        .expect((res) => expect(res.body.code).toBe('TEMPLATE_NOT_DISCREET'));
    }
    // A notice to staff may name treatment.
    await putTemplate('consent_expiry', {
      ...TEMPLATES.consent_expiry,
      previewText: '来访者${code}的治疗同意将于${validUntil}到期。',
    }).expect(200);
    await putTemplate('consent_expiry', TEMPLATES.consent_expiry).expect(200);

    // Admin or the clinic's coordinator only; another clinic's coordinator does not see it.
    for (const role of [Role.Nurse, Role.Physician, Role.Counselor, Role.PeerLeader]) {
      const staff = role === Role.Counselor ? counselor : await makeStaff(t, admin, role, clinic.id);
      await t.http.get(`/api/v1/clinics/${clinic.id}/sms-templates`).set(staff.auth).expect(403);
      await putTemplate('appointment', TEMPLATES.appointment, staff).expect(403);
      await t.http
        .post(`/api/v1/clinics/${clinic.id}/sms-templates/appointment/test`)
        .set(staff.auth)
        .send({ phone: '13800000000' })
        .expect(403);
    }
    await t.http.get(`/api/v1/clinics/${clinic.id}/sms-templates`).set(admin.auth).expect(200);
    await putTemplate('appointment', TEMPLATES.appointment, admin).expect(200);
    const other = await makeClinic(t, admin, { timeZone: TZ });
    const otherCoordinator = await makeStaff(t, admin, Role.Coordinator, other.id);
    await putTemplate('appointment', TEMPLATES.appointment, otherCoordinator).expect(404);
    await t.http.get(`/api/v1/clinics/${clinic.id}/sms-templates`).set(otherCoordinator.auth).expect(404);
    await t.http
      .post(`/api/v1/clinics/${clinic.id}/sms-templates/appointment/test`)
      .set(otherCoordinator.auth)
      .send({ phone: '13800000000' })
      .expect(404);

    // No template for the kind: nothing to test, and the provider hears nothing.
    const before = fake.requests.length;
    const missing = await t.http
      .post(`/api/v1/clinics/${other.id}/sms-templates/meeting/test`)
      .set(otherCoordinator.auth)
      .send({ phone: '13800000321' })
      .expect(200);
    expect(missing.body).toEqual({ status: 'failed', errorCode: 'TEMPLATE_MISSING' });
    expect(fake.requests.length).toBe(before);
    // The test message: the template with sample values, to the caller's phone, now; the provider's refusal reported.
    const test = (body: unknown) =>
      t.http
        .post(`/api/v1/clinics/${clinic.id}/sms-templates/appointment/test`)
        .set(coordinator.auth)
        .send(body as object);
    await test({ phone: 'call me' }).expect(400);
    await test({ phone: '13800000000', extra: true }).expect(400);
    const sent = await test({ phone: '13800000321' }).expect(200);
    expect(sent.body).toEqual({ status: 'sent', errorCode: null });
    const request = fake.requests.at(-1)!;
    expect(request).toMatchObject({ signatureValid: true, phone: '13800000321', templateCode: TEMPLATES.appointment.templateCode });
    expect(request.params).toEqual(provider.params(TEMPLATES.appointment.params, { date: '12月5日', time: '09:30' }));
    fake.answerWith(() => 'templateRefused');
    expect((await test({ phone: '13800000321' }).expect(200)).body).toEqual({ status: 'failed', errorCode: provider.templateRefused });
    await test({ phone: '13800000321' }).expect(200);
    const limited = await test({ phone: '13800000321' }).expect(429);
    expect(limited.headers['retry-after']).toBeDefined();
    const audit = await t.http.get('/api/v1/audit-events').query({ actorId: coordinator.id }).set(coordinator.auth).expect(200);
    const tests = (audit.body.items as Array<{ action: string; details: Record<string, unknown> }>).filter(
      (event) => event.action === 'sms_template.test',
    );
    expect(tests).toHaveLength(3);
    expect(tests.map((event) => event.details.status).sort()).toEqual(['failed', 'failed', 'sent']);
    expect(JSON.stringify(audit.body)).not.toContain('13800000321');
  });
});
