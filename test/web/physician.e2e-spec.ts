import { Role } from '@tongban/platform';
import { clinicDay, makeClient, makeClinic, makeStaff, signInAdmin, STAFF_PASSWORD } from '../factories';
import { LANGUAGES, startWebSuite, WebPage, WebSuite } from './support/browser';

describe('web app: the physician writes dose orders', () => {
  let suite: WebSuite;

  beforeAll(async () => {
    suite = await startWebSuite();
  });
  afterAll(() => suite?.close());

  it.each(LANGUAGES)('writes a dose order on the client record and the window shows it as the active order (%s)', async (language) => {
    const t = suite.t;
    const admin = await signInAdmin(t);
    const clinic = await makeClinic(t, admin);
    const [physician, counselor] = await Promise.all([Role.Physician, Role.Counselor].map((role) => makeStaff(t, admin, role, clinic.id)));
    const client = await makeClient(t, counselor, { preferredName: '阿明', intakeDate: clinicDay(t) });

    const web = await WebPage.open(suite, language);
    await web.signIn(physician.username, STAFF_PASSWORD);
    await web.goto(`/clients/${client.id}?tab=dosing`);
    const form = web.page.getByTestId('dose-order-form');
    await form.waitFor();
    await web.checkAccessibility();
    await web.screenshot('physician-dose-order');

    await form.getByLabel(language === 'en' ? 'Daily dose (mg)' : '日剂量（毫克）').fill('75');
    await form.getByLabel(language === 'en' ? 'Take-home days a week' : '每周带药天数').fill('2');
    await form.getByRole('button', { name: language === 'en' ? 'Save the order' : '保存医嘱' }).click();
    await web.waitForText('done', language === 'en' ? 'Dose order saved' : '医嘱已保存');
    await web.page.getByTestId('dose-order').first().waitFor();

    const orders = await t.http.get(`/api/v1/clients/${client.id}/dose-orders`).set(physician.auth).expect(200);
    expect(orders.body.items).toEqual([
      expect.objectContaining({ doseMg: 75, takeHomeDaysPerWeek: 2, splitDose: false, effectiveDate: clinicDay(t) }),
    ]);

    // The dispensing window now offers the order.
    await web.goto('/dosing');
    await web.waitForText(`row-${client.code}`, language === 'en' ? '75 mg' : '75 毫克');
    await web.finish();
  });
});
