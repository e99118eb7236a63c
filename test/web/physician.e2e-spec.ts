import { Role } from '@tongban/platform';
import {
  clinicDay,
  importDosingHistory,
  makeClient,
  makeClinic,
  makeDoseOrder,
  makeStaff,
  signInAdmin,
  STAFF_PASSWORD,
  type SignedIn,
} from '../factories';
import { LANGUAGES, startWebSuite, WebPage, WebSuite, type Language } from './support/browser';

/** The words the tests look for, in each language (as messages.ts has them). */
const WORDS = {
  'zh-CN': {
    dose: '日剂量（毫克）',
    takeHome: '每周带药天数',
    save: '保存医嘱',
    saved: '医嘱已保存',
    doseError: '请输入 1–500 毫克之间、以 0.5 毫克为单位的剂量',
    takeHomeError: '每周带药天数须为 0 到 6 的整数',
    note: '给发药窗口的备注',
    noteError: '备注最多 2000 个字',
    suspended: '医嘱已暂停',
    confirmSave: '确认，保存新医嘱',
    confirmBack: '返回检查',
    end: '停止',
    void: '作废',
    reason: '原因',
    endConfirm: '停止医嘱',
    voidConfirm: '作废医嘱',
    inUse: '已按此医嘱发过药，不能作废',
    mg: (value: number) => `${value} 毫克`,
  },
  en: {
    dose: 'Daily dose (mg)',
    takeHome: 'Take-home days a week',
    save: 'Save the order',
    saved: 'Dose order saved',
    doseError: 'Enter a dose from 1 to 500 mg, in steps of 0.5 mg',
    takeHomeError: 'Enter a whole number of take-home days from 0 to 6',
    note: 'Note for the window',
    noteError: 'The note may be at most 2,000 characters',
    suspended: 'Order suspended',
    confirmSave: 'Yes, save the new order',
    confirmBack: 'Go back and check',
    end: 'End',
    void: 'Void',
    reason: 'Reason',
    endConfirm: 'End the order',
    voidConfirm: 'Void the order',
    inUse: 'A dose was already given under this order',
    mg: (value: number) => `${value} mg`,
  },
} satisfies Record<Language, unknown>;

/** A calendar date as the app writes it (`useFormat().date`) and names the days of its calendar. */
function longDate(language: Language, day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)));
}

interface OrderItem {
  id: string;
  doseMg: number;
  effectiveDate: string;
  takeHomeDaysPerWeek: number;
  status?: string;
  endDate?: string | null;
}

describe('web app: the physician writes dose orders', () => {
  let suite: WebSuite;

  beforeAll(async () => {
    suite = await startWebSuite();
  });
  afterAll(() => suite?.close());

  /** A clinic with a physician, a nurse and a counselor, and one client registered today. */
  async function clinicWithClient(intakeDate?: string) {
    const t = suite.t;
    const admin = await signInAdmin(t);
    const clinic = await makeClinic(t, admin);
    const [physician, nurse, counselor] = await Promise.all(
      [Role.Physician, Role.Nurse, Role.Counselor].map((role) => makeStaff(t, admin, role, clinic.id)),
    );
    const coordinator = await makeStaff(t, admin, Role.Coordinator, clinic.id);
    const client = await makeClient(t, counselor, { preferredName: '阿明', intakeDate: intakeDate ?? clinicDay(t) });
    return { physician, nurse, counselor, coordinator, client };
  }

  const ordersOf = async (physician: SignedIn, clientId: string): Promise<OrderItem[]> =>
    (await suite.t.http.get(`/api/v1/clients/${clientId}/dose-orders`).set(physician.auth).expect(200)).body.items as OrderItem[];

  async function openDosingTab(language: Language, physician: SignedIn, clientId: string): Promise<WebPage> {
    const web = await WebPage.open(suite, language);
    await web.signIn(physician.username, STAFF_PASSWORD);
    await web.goto(`/clients/${clientId}?tab=dosing`);
    await web.page.getByTestId('dose-order-form').waitFor();
    return web;
  }

  it.each(LANGUAGES)('writes a dose order on the client record and the window shows it as the active order (%s)', async (language) => {
    const t = suite.t;
    const words = WORDS[language];
    const { physician, client } = await clinicWithClient();

    const web = await openDosingTab(language, physician, client.id);
    const form = web.page.getByTestId('dose-order-form');
    await web.checkAccessibility();
    await web.screenshot('physician-dose-order');

    await form.getByLabel(words.dose).fill('75');
    await form.getByLabel(words.takeHome).fill('2');
    await form.getByRole('button', { name: words.save }).click();
    await web.waitForText('done', words.saved);
    await web.waitForText('current-order', words.mg(75));
    await web.page.getByTestId('dose-order').first().waitFor();

    expect(await ordersOf(physician, client.id)).toEqual([
      expect.objectContaining({ doseMg: 75, takeHomeDaysPerWeek: 2, splitDose: false, effectiveDate: clinicDay(t) }),
    ]);

    // The dispensing window now offers the order.
    await web.goto('/dosing');
    await web.waitForText(`row-${client.code}`, words.mg(75));
    await web.finish();
  });

  it.each(LANGUAGES)(
    'shows a field error for 0 mg or 9 take-home days, keeps the numbers as typed and saves nothing (%s)',
    async (language) => {
      const words = WORDS[language];
      const { physician, client } = await clinicWithClient();
      const web = await openDosingTab(language, physician, client.id);
      const form = web.page.getByTestId('dose-order-form');
      const dose = form.getByLabel(words.dose);
      const takeHome = form.getByLabel(words.takeHome);
      const save = form.getByRole('button', { name: words.save });

      // 0 mg: below the range. Leaving the field must not turn it into 0.5 (or 1).
      await dose.fill('0');
      await takeHome.fill('2');
      await dose.blur();
      expect(await dose.inputValue()).toBe('0');
      await save.click();
      await form.getByText(words.doseError).waitFor();
      expect(await dose.getAttribute('aria-invalid')).toBe('true');
      expect(await dose.inputValue()).toBe('0');

      // 9 take-home days with a valid dose: above the range, and not turned into 6.
      await dose.fill('60');
      await takeHome.fill('9');
      await takeHome.blur();
      expect(await takeHome.inputValue()).toBe('9');
      await save.click();
      await form.getByText(words.takeHomeError).waitFor();
      expect(await takeHome.inputValue()).toBe('9');
      expect(await form.getByText(words.doseError).count()).toBe(0);

      // A dose off the 0.5 mg steps is not rounded either.
      await dose.fill('60.25');
      await takeHome.fill('1');
      await save.click();
      await form.getByText(words.doseError).waitFor();
      expect(await dose.inputValue()).toBe('60.25');
      await web.checkAccessibility();

      // What only the server checks (the note's length) comes back at its field, in the user's language.
      await dose.fill('60');
      await form.getByLabel(words.note).fill('长'.repeat(2001));
      web.expectApiError(400);
      await save.click();
      await form.getByText(words.noteError).waitFor();
      expect(await form.getByLabel(words.note).getAttribute('aria-invalid')).toBe('true');

      expect(await ordersOf(physician, client.id)).toEqual([]);
      await web.finish();
    },
  );

  it.each(LANGUAGES)(
    'shows the current dose and asks for confirmation before a change of more than 20 mg or 50% (%s)',
    async (language) => {
      const t = suite.t;
      const words = WORDS[language];
      const { physician, client } = await clinicWithClient();
      await makeDoseOrder(t, physician, client.id, { doseMg: 60, effectiveDate: clinicDay(t, -1) });

      const web = await openDosingTab(language, physician, client.id);
      const form = web.page.getByTestId('dose-order-form');
      await web.waitForText('current-order', words.mg(60));
      const dose = form.getByLabel(words.dose);
      const save = form.getByRole('button', { name: words.save });

      // 60 → 80 mg is exactly 20 mg: saved without a question.
      await dose.fill('80');
      await save.click();
      await web.waitForText('done', words.saved);
      expect(await web.page.getByTestId('order-confirm').count()).toBe(0);
      await web.waitForText('current-order', words.mg(80));

      // 80 → 110 mg is 30 mg: the physician is asked first; going back saves nothing.
      await dose.fill('110');
      await save.click();
      const confirm = web.page.getByTestId('order-confirm');
      await confirm.waitFor();
      await web.waitForText('order-confirm-text', words.mg(80));
      await web.waitForText('order-confirm-text', words.mg(110));
      await web.waitForText('order-confirm-text', words.mg(30));
      await web.checkAccessibility();
      await web.screenshot('physician-order-confirm');
      await web.page.getByRole('button', { name: words.confirmBack }).click();
      await confirm.waitFor({ state: 'detached' });
      expect((await ordersOf(physician, client.id)).map((order) => order.doseMg).sort()).toEqual([60, 80]);

      // Confirmed, it is saved as typed.
      await save.click();
      await web.page.getByRole('button', { name: words.confirmSave }).click();
      await web.waitForText('done', words.saved);
      await web.waitForText('current-order', words.mg(110));
      expect((await ordersOf(physician, client.id)).map((order) => order.doseMg).sort()).toEqual([110, 60, 80]);

      // 110 → 50 mg: half of 110 is 55, so a drop of 60 mg is confirmed as well.
      await dose.fill('50');
      await save.click();
      await confirm.waitFor();
      await web.page.getByRole('button', { name: words.confirmBack }).click();
      expect(await ordersOf(physician, client.id)).toHaveLength(3);
      await web.finish();
    },
  );

  it.each(LANGUAGES)(
    'ends and voids orders from the history, and says why an order a dose was given under cannot be voided (%s)',
    async (language) => {
      const t = suite.t;
      const words = WORDS[language];
      const { physician, nurse, client } = await clinicWithClient(clinicDay(suite.t, -3));
      const given = await makeDoseOrder(t, physician, client.id, { doseMg: 60, effectiveDate: clinicDay(t, -3), note: '晨起服药' });
      await t.http
        .post(`/api/v1/clients/${client.id}/doses`)
        .set(nurse.auth)
        .send({ doseMg: 60, kind: 'observed', clinicDay: clinicDay(t, -2) })
        .expect(201);
      const scheduled = await makeDoseOrder(t, physician, client.id, {
        doseMg: 65,
        effectiveDate: clinicDay(t, 2),
        takeHomeDaysPerWeek: 1,
      });

      const web = await openDosingTab(language, physician, client.id);
      const history = web.page.getByTestId('dose-orders');
      const row = (id: string) => history.locator(`[data-testid="dose-order"][data-order-id="${id}"]`);
      await row(scheduled.id).waitFor();
      await web.waitForText('dose-orders', 'Test physician');
      expect(await row(given.id).getAttribute('data-status')).toBe('active');
      expect(await row(scheduled.id).getAttribute('data-status')).toBe('scheduled');
      await web.checkAccessibility();
      await web.screenshot('physician-order-history');

      // Voiding the order a dose was given under is refused, in words.
      await row(given.id).getByRole('button', { name: words.void, exact: true }).click();
      let dialog = web.page.getByTestId('order-void-form');
      await dialog.getByLabel(words.reason).fill('开错了');
      web.expectApiError(422);
      await dialog.getByRole('button', { name: words.voidConfirm }).click();
      await dialog.getByText(words.inUse).waitFor();
      await dialog.getByRole('button', { name: language === 'en' ? 'Cancel' : '取消' }).click();
      await dialog.waitFor({ state: 'detached' });

      // The scheduled order, written in error, is voided with a reason.
      await row(scheduled.id).getByRole('button', { name: words.void, exact: true }).click();
      dialog = web.page.getByTestId('order-void-form');
      await dialog.getByRole('button', { name: words.voidConfirm }).click();
      await dialog.getByText(language === 'en' ? 'Give a reason.' : '请填写原因。').waitFor();
      await dialog.getByLabel(words.reason).fill('剂量写错');
      await dialog.getByRole('button', { name: words.voidConfirm }).click();
      await dialog.waitFor({ state: 'detached' });
      await web.page.locator(`[data-order-id="${scheduled.id}"][data-status="voided"]`).waitFor();

      // The active order is ended: its last day, yesterday, chosen in the app's calendar.
      await row(given.id).getByRole('button', { name: words.end, exact: true }).click();
      dialog = web.page.getByTestId('order-end-form');
      const yesterday = clinicDay(t, -1);
      await dialog.getByTestId('order-end-date').click();
      await web.page.getByRole('button', { name: longDate(language, yesterday), exact: true }).click();
      await web.waitForText('order-end-date', longDate(language, yesterday));
      await dialog.getByLabel(words.reason).fill('停药观察');
      await dialog.getByRole('button', { name: words.endConfirm }).click();
      await dialog.waitFor({ state: 'detached' });
      await web.page.locator(`[data-order-id="${given.id}"][data-status="ended"]`).waitFor();

      const orders = await ordersOf(physician, client.id);
      expect(orders.find((order) => order.id === scheduled.id)).toMatchObject({ status: 'voided' });
      expect(orders.find((order) => order.id === given.id)).toMatchObject({ status: 'ended', endDate: yesterday });
      await web.finish();
    },
  );

  it('after five missed days shows the order suspended, and after the physician re-orders nothing says so any longer', async () => {
    const t = suite.t;
    const words = WORDS['zh-CN'];
    const intake = clinicDay(t, -20);
    const { physician, coordinator, client } = await clinicWithClient(intake);
    await makeDoseOrder(t, physician, client.id, { doseMg: 60, effectiveDate: intake });
    // Dosed until seven days ago: six clinic days missed since.
    await importDosingHistory(t, coordinator, [
      [client.code, clinicDay(t, -8)],
      [client.code, clinicDay(t, -7)],
    ]);

    const web = await openDosingTab('zh-CN', physician, client.id);
    await web.waitForText('dosing-flag', words.suspended);
    await web.page.getByTestId('order-suspended').waitFor();

    const form = web.page.getByTestId('dose-order-form');
    await form.getByLabel(words.dose).fill('60');
    await form.getByRole('button', { name: words.save }).click();
    await web.waitForText('done', words.saved);
    await web.page.getByTestId('order-suspended').waitFor({ state: 'detached' });
    await web.page.reload();
    await web.page.getByTestId('dosing-flag').waitFor();
    expect(await web.page.getByText(words.suspended).count()).toBe(0);
    const status = await t.http.get(`/api/v1/clients/${client.id}/dosing-status`).set(physician.auth).expect(200);
    expect(status.body).toMatchObject({ orderSuspended: false, assessmentRequired: true });
    await web.finish();
  });
});
