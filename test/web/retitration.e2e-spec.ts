import { Role } from '@tongban/platform';
import { clinicDay, makeClient, makeClinic, makeDoseOrder, makeStaff, pinClock, signInAdmin, STAFF_PASSWORD } from '../factories';
import { startWebSuite, WebPage, WebSuite } from './support/browser';

/**
 * The re-titration story of issue 15, in Chinese, as the clinic lives it. It
 * moves the suite's clock, so it has a suite of its own.
 */
describe('web app: re-titration after five missed days', () => {
  let suite: WebSuite;

  beforeAll(async () => {
    suite = await startWebSuite();
  });
  afterAll(() => suite?.close());

  it('tells the nurse the order is suspended, the physician re-orders, the first dose needs an assessment and the next does not (zh-CN)', async () => {
    const t = suite.t;
    const admin = await signInAdmin(t);
    const clinic = await makeClinic(t, admin);
    const [nurse, physician, counselor] = await Promise.all(
      [Role.Nurse, Role.Physician, Role.Counselor].map((role) => makeStaff(t, admin, role, clinic.id)),
    );
    const client = await makeClient(t, counselor, { familyName: '赵', givenName: '磊', preferredName: '阿磊', intakeDate: clinicDay(t) });
    await makeDoseOrder(t, physician, client.id, { doseMg: 60 });
    await t.http.post(`/api/v1/clients/${client.id}/doses`).set(nurse.auth).send({ doseMg: 60, kind: 'observed' }).expect(201);

    // Six days later: five clinic days missed in a row.
    pinClock(t, '09:00', 'Asia/Shanghai', 6);
    const status = await t.http.get(`/api/v1/clients/${client.id}/dosing-status`).set(nurse.auth).expect(200);
    expect(status.body).toMatchObject({ consecutiveMissedDays: 5, flag: 'retitrate', orderSuspended: true });

    // The nurse is told before typing anything: the order is suspended, a physician must re-order; nothing can be entered.
    const window = await WebPage.open(suite, 'zh-CN');
    await window.signIn(nurse.username, STAFF_PASSWORD);
    await window.openFromMenu('服药窗口');
    await window.waitForText(`row-${client.code}`, '已暂停');
    const openDialog = () => window.page.getByRole('button', { name: `记录服药: ${client.code} 阿磊` }).click();
    await openDialog();
    await window.waitForText('blocker', '医嘱已暂停');
    await window.waitForText('blocker', '需医生重新开具医嘱');
    expect(await window.page.getByLabel('剂量（毫克）').isDisabled()).toBe(true);
    expect(await window.page.getByRole('button', { name: '记录服药', exact: true }).isDisabled()).toBe(true);
    await window.checkAccessibility();
    await window.screenshot('nurse-dose-suspended');
    await window.page.keyboard.press('Escape');

    // The physician writes a new order in the client's dosing tab, effective today (20 mg less: no confirmation asked).
    const doctor = await WebPage.open(suite, 'zh-CN');
    // The physician's device shows the same day as the clinic (the form's effective date defaults to today).
    await doctor.page.clock.install({ time: t.clock.now() });
    await doctor.signIn(physician.username, STAFF_PASSWORD);
    await doctor.goto(`/clients/${client.id}?tab=dosing`);
    const form = doctor.page.getByTestId('dose-order-form');
    await form.waitFor();
    await form.getByLabel('日剂量（毫克）').fill('40');
    await form.getByRole('button', { name: '保存医嘱' }).click();
    await doctor.waitForText('done', '医嘱已保存');
    await doctor.finish();

    // The nurse sees the order in force again; the first dose after the gap asks for the assessment note.
    await window.page.reload();
    await window.page.getByTestId(`row-${client.code}`).waitFor();
    expect(await window.page.getByTestId('order-suspended').count()).toBe(0);
    await openDialog();
    await window.waitForText('active-order', '40 毫克');
    expect(await window.page.getByTestId('blocker').count()).toBe(0);
    const note = window.page.getByLabel('评估记录');
    await note.waitFor();
    await window.page.getByRole('button', { name: '记录服药', exact: true }).click();
    await window.page.getByText('服药前请填写评估记录。').first().waitFor();
    await note.fill('精神状态好，无戒断症状，可以服药。');
    await window.page.getByRole('button', { name: '记录服药', exact: true }).click();
    await window.waitForText('recorded', client.code);
    const today = clinicDay(t);
    const first = await t.http.get(`/api/v1/clients/${client.id}/doses?from=${today}&to=${today}`).set(nurse.auth).expect(200);
    expect(first.body.items).toEqual([expect.objectContaining({ doseMg: 40, assessmentNote: '精神状态好，无戒断症状，可以服药。' })]);

    // The next day: an ordinary dose, no assessment asked.
    pinClock(t, '09:00', 'Asia/Shanghai', 1);
    await window.page.reload();
    await openDialog();
    await window.waitForText('active-order', '40 毫克');
    expect(await window.page.getByLabel('评估记录').count()).toBe(0);
    await window.page.getByRole('button', { name: '记录服药', exact: true }).click();
    await window.waitForText('recorded', client.code);
    const next = clinicDay(t);
    const second = await t.http.get(`/api/v1/clients/${client.id}/doses?from=${next}&to=${next}`).set(nurse.auth).expect(200);
    expect(second.body.items).toEqual([expect.objectContaining({ doseMg: 40 })]);
    await window.finish();
  });
});
