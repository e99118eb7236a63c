import { decideSend, ReminderErrorCode, SendContext } from './send-rules';

const noon = new Date('2026-03-10T12:00:00+08:00');

function context(overrides: Partial<SendContext> = {}): SendContext {
  return {
    kind: 'missed_dose',
    channel: 'sms',
    recipient: 'client',
    timeZone: 'Asia/Shanghai',
    quietHoursStart: '21:00',
    quietHoursEnd: '08:00',
    eventDate: null,
    eventTime: null,
    clientStatus: 'active',
    consentSms: true,
    consentEmail: false,
    consentFamily: false,
    consentPeer: false,
    stillMember: null,
    familyMayContact: null,
    staffActive: null,
    consentEnded: false,
    hasAddress: true,
    ...overrides,
  };
}

describe('decideSend', () => {
  it('sends a reminder whose every rule holds', () => {
    expect(decideSend(context(), noon, true)).toEqual({ action: 'send' });
  });

  it('cancels when the client left treatment', () => {
    expect(decideSend(context({ clientStatus: 'dropped_out' }), noon, true)).toEqual({
      action: 'cancel',
      code: ReminderErrorCode.CLIENT_NOT_ACTIVE,
    });
  });

  it('cancels when the consent for the channel is no longer in force', () => {
    expect(decideSend(context({ consentSms: false }), noon, true)).toMatchObject({ action: 'cancel', code: 'CONSENT_INACTIVE' });
    expect(decideSend(context({ channel: 'email', consentEmail: false }), noon, true)).toMatchObject({ action: 'cancel' });
  });

  it('cancels a meeting reminder when the client left the group or withdrew peer-support consent', () => {
    const meeting = { kind: 'meeting' as const, eventDate: '2026-03-11', eventTime: '19:00', consentPeer: true, stillMember: true };
    expect(decideSend(context(meeting), noon, true)).toEqual({ action: 'send' });
    expect(decideSend(context({ ...meeting, stillMember: false }), noon, true)).toMatchObject({ code: 'NOT_A_MEMBER' });
    expect(decideSend(context({ ...meeting, consentPeer: false }), noon, true)).toMatchObject({ code: 'CONSENT_INACTIVE' });
  });

  it('cancels family outreach without family-contact consent or a contactable relative', () => {
    const family = { kind: 'family_outreach' as const, recipient: 'family' as const, consentFamily: true, familyMayContact: true };
    expect(decideSend(context(family), noon, true)).toEqual({ action: 'send' });
    expect(decideSend(context({ ...family, consentFamily: false }), noon, true)).toMatchObject({ code: 'CONSENT_INACTIVE' });
    expect(decideSend(context({ ...family, familyMayContact: false }), noon, true)).toMatchObject({ code: 'CONTACT_NOT_ALLOWED' });
  });

  it('cancels a reminder of an event that has begun', () => {
    expect(decideSend(context({ kind: 'appointment', eventDate: '2026-03-10', eventTime: '11:00' }), noon, true)).toMatchObject({
      code: 'EVENT_PASSED',
    });
    expect(decideSend(context({ kind: 'appointment', eventDate: '2026-03-10', eventTime: null }), noon, true)).toEqual({
      action: 'send',
    });
  });

  it('fails visibly when the channel is not configured or there is no address', () => {
    expect(decideSend(context(), noon, false)).toEqual({ action: 'fail', code: 'CHANNEL_NOT_CONFIGURED' });
    expect(decideSend(context({ hasAddress: false }), noon, true)).toEqual({ action: 'fail', code: 'NO_ADDRESS' });
  });

  it('holds messages to phones in quiet hours until they end, clinic time', () => {
    expect(decideSend(context(), new Date('2026-03-10T22:30:00+08:00'), true)).toEqual({
      action: 'hold',
      until: new Date('2026-03-11T08:00:00+08:00'),
    });
  });

  it('delivers in-app notices to staff in quiet hours', () => {
    const notice = {
      kind: 'consent_expiry' as const,
      channel: 'in_app' as const,
      recipient: 'staff' as const,
      staffActive: true,
    };
    expect(decideSend(context(notice), new Date('2026-03-10T22:30:00+08:00'), true)).toEqual({ action: 'send' });
    expect(decideSend(context({ ...notice, staffActive: false }), noon, true)).toMatchObject({ code: 'STAFF_INACTIVE' });
    expect(decideSend(context({ ...notice, consentEnded: true }), noon, true)).toMatchObject({ code: 'CONSENT_ENDED' });
  });
});
