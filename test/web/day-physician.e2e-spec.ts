import { Role } from '@tongban/platform';
import {
  clinicDay,
  importDosingHistory,
  makeClient,
  makeClinic,
  makeDoseOrder,
  makeStaff,
  pinClock,
  signInAdmin,
  STAFF_PASSWORD,
} from '../factories';
import { pickDate, WebPage } from './support/browser';
import { dayWalk } from './support/ui-only';

/**
 * The physician's working day, walked through the web app only: set-up
 * (clinic, staff, clients with their orders and the nurses' doses of the last
 * days) goes through the API; from sign-in on every step and every check is
 * made on screen.
 */
describe('web app: a physician’s whole day, through the UI only', () => {
  const walk = dayWalk();

  it('re-titrates a client after missed days, reads the nurses’ notes and adjusts a dose, writes a first order and ends another (zh-CN)', async () => {
    const { suite, t } = walk;
    // A morning at the clinic, whatever the hour the test runs.
    pinClock(t, '08:30');
    const admin = await signInAdmin(t);
    const clinic = await makeClinic(t, admin);
    const [physician, nurse, counselor, coordinator] = await Promise.all(
      [Role.Physician, Role.Nurse, Role.Counselor, Role.Coordinator].map((role) => makeStaff(t, admin, role, clinic.id)),
    );
    // Dosed until a week ago: six clinic days missed, the order suspended.
    const lapsed = await makeClient(t, counselor, { preferredName: '阿磊', intakeDate: clinicDay(t, -20) });
    await makeDoseOrder(t, physician, lapsed.id, { doseMg: 60, effectiveDate: clinicDay(t, -20) });
    await importDosingHistory(t, coordinator, [
      [lapsed.code, clinicDay(t, -8)],
      [lapsed.code, clinicDay(t, -7)],
    ]);
    // Dosed every day, with the nurses' notes of the last two days.
    const steady = await makeClient(t, counselor, { preferredName: '阿芳', intakeDate: clinicDay(t, -3) });
    await makeDoseOrder(t, physician, steady.id, { doseMg: 60, effectiveDate: clinicDay(t, -3) });
    const dose = (body: object) => t.http.post(`/api/v1/clients/${steady.id}/doses`).set(nurse.auth).send(body).expect(201);
    await dose({ doseMg: 60, kind: 'observed', clinicDay: clinicDay(t, -3) });
    await dose({ doseMg: 50, kind: 'observed', clinicDay: clinicDay(t, -2), reason: '服务对象说昨晚呕吐，要求少服' });
    await dose({ doseMg: 60, kind: 'observed', clinicDay: clinicDay(t, -1), assessmentNote: '主诉夜间出汗、睡眠差，有轻度戒断症状' });
    // Registered today: no order yet.
    const newcomer = await makeClient(t, counselor, { preferredName: '小新', intakeDate: clinicDay(t) });
    // Tapered off: the order is to end yesterday, its last day.
    const leaving = await makeClient(t, counselor, { preferredName: '老周', intakeDate: clinicDay(t, -10) });
    const tapered = await makeDoseOrder(t, physician, leaving.id, { doseMg: 10, effectiveDate: clinicDay(t, -5) });

    const web = await WebPage.open(suite, 'zh-CN');
    // The physician's device shows the clinic's day (a new order's effective date defaults to it).
    await web.page.clock.install({ time: t.clock.now() });
    walk.uiOnly();
    const { page } = web;
    const form = page.getByTestId('dose-order-form');
    const saveOrder = async (mg: number) => {
      await form.getByLabel('日剂量（毫克）').fill(String(mg));
      await form.getByRole('button', { name: '保存医嘱' }).click();
      await web.waitForText('done', '医嘱已保存');
      await web.waitForText('current-order', `${mg} 毫克`);
    };
    let caseloadChecked = false;
    const openFromCaseload = async (client: { id: string; code: string }) => {
      await page.getByRole('link', { name: '我的个案' }).first().click();
      await page.getByTestId('caseload-search').fill(client.code);
      await page.getByTestId('caseload-search-submit').click();
      const link = page.getByTestId('client-link').filter({ hasText: client.code });
      await link.waitFor();
      if (!caseloadChecked) await web.checkAccessibility();
      caseloadChecked = true;
      await link.click();
      await page.waitForURL(new RegExp(`/clients/${client.id}`));
      await page.getByTestId('tab-dosing').click();
      await page.getByTestId('dosing-status').waitFor();
    };

    await web.signIn(physician.username, STAFF_PASSWORD);

    // 1. Today's work names the client who stopped coming (the order waits for a re-order); the window shows it too.
    await page.getByRole('heading', { name: '今日工作' }).waitFor();
    const lapsedItem = page.locator(`[data-testid="worklist-item"][data-kind="missed_doses"][data-code="${lapsed.code}"]`);
    await lapsedItem.getByTestId('worklist-detail').filter({ hasText: '医嘱已暂停' }).waitFor();
    expect(await page.getByTestId('worklist-item').count()).toBe(1);
    await web.openFromMenu('服药窗口');
    await web.waitForText(`row-${lapsed.code}`, '已暂停');
    await web.checkAccessibility();
    await page.getByRole('link', { name: `打开 ${lapsed.code} 阿磊 的档案` }).click();
    await web.waitForText('dosing-flag', '医嘱已暂停');
    await web.waitForText('order-suspended', '6');
    await web.checkAccessibility();
    // Re-titration: a new order, 20 mg lower (no confirmation asked), effective today.
    await saveOrder(40);
    await page.getByTestId('order-suspended').waitFor({ state: 'detached' });
    expect(await page.getByTestId('dosing-flag').innerText()).not.toContain('已暂停');
    const lapsedOrders = page.getByTestId('dose-orders');
    expect(await lapsedOrders.locator('[data-testid="dose-order"][data-status="active"]').count()).toBe(1);
    await lapsedOrders.locator('[data-testid="dose-order"][data-status="superseded"]').waitFor();

    // 2. The nurses' notes on a client dosed every day: less than ordered after vomiting, then withdrawal signs.
    await openFromCaseload(steady);
    const doses = page.getByTestId('doses');
    await doses.getByText('低于医嘱原因：服务对象说昨晚呕吐，要求少服').waitFor();
    await doses.getByText('评估：主诉夜间出汗、睡眠差，有轻度戒断症状').waitFor();
    await doses.getByText('Test nurse').first().waitFor();
    expect(await doses.getByTestId('dose').count()).toBe(3);
    await web.checkAccessibility();
    // Withdrawal signs at 60 mg: raised by 10 mg, with a note for the window.
    await form.getByLabel('给发药窗口的备注').fill('加量后请观察有无嗜睡');
    await saveOrder(70);
    await page.getByTestId('dose-orders').getByText('加量后请观察有无嗜睡').waitFor();

    // 3. The client registered today gets a first order, with two take-home days a week.
    await openFromCaseload(newcomer);
    await page.getByTestId('dose-orders').getByText('暂无医嘱。').waitFor();
    await form.getByLabel('每周带药天数').fill('2');
    await saveOrder(30);

    // 4. The tapered client's order ends: its last day was yesterday.
    await openFromCaseload(leaving);
    const row = page.locator(`[data-testid="dose-order"][data-order-id="${tapered.id}"]`);
    await row.getByRole('button', { name: '停止', exact: true }).click();
    const dialog = page.getByTestId('order-end-form');
    await pickDate(page, 'order-end-date', clinicDay(t, -1));
    await dialog.getByLabel('原因').fill('减量完成，停药观察');
    await dialog.getByRole('button', { name: '停止医嘱' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator(`[data-order-id="${tapered.id}"][data-status="ended"]`).waitFor();
    await web.waitForText('order-end-reason', '减量完成，停药观察');
    await web.checkAccessibility();

    // 5. Back at the window, the day's orders are what the nurses now see.
    await page.getByRole('link', { name: '服药窗口' }).first().click();
    await web.waitForText(`row-${lapsed.code}`, '40 毫克');
    expect(await page.getByTestId(`row-${lapsed.code}`).getByTestId('order-suspended').count()).toBe(0);
    await web.waitForText(`row-${steady.code}`, '70 毫克');
    await web.waitForText(`row-${newcomer.code}`, '30 毫克');
    await web.waitForText(`row-${leaving.code}`, '无医嘱');
    await web.finish();
  }, 120_000);
});
