import { Role } from '@tongban/platform';
import {
  clinicDay,
  dischargeClient,
  makeClient,
  makeClinic,
  makeDoseOrder,
  makeStaff,
  signInAdmin,
  SignedIn,
  STAFF_PASSWORD,
} from '../factories';
import { LANGUAGES, startWebSuite, WebPage, WebSuite } from './support/browser';

describe('web app: the nurse at the dosing window', () => {
  let suite: WebSuite;

  beforeAll(async () => {
    suite = await startWebSuite();
  });
  afterAll(() => suite?.close());

  async function setUpClinic() {
    const t = suite.t;
    const admin = await signInAdmin(t);
    const clinic = await makeClinic(t, admin);
    const [nurse, physician, counselor, coordinator] = await Promise.all(
      [Role.Nurse, Role.Physician, Role.Counselor, Role.Coordinator].map((role) => makeStaff(t, admin, role, clinic.id)),
    );
    // Dosed yesterday: flag ok. Dosed on intake four days ago and not since: three missed days, flag assess.
    const regular = await makeClient(t, counselor, { preferredName: '小李', intakeDate: clinicDay(t, -1) });
    const missing = await makeClient(t, counselor, { preferredName: 'Ming', intakeDate: clinicDay(t, -4) });
    for (const client of [regular, missing]) await makeDoseOrder(t, physician, client.id, { effectiveDate: clinicDay(t, -4) });
    await t.http
      .post(`/api/v1/clients/${regular.id}/doses`)
      .set(nurse.auth)
      .send({ doseMg: 60, kind: 'observed', clinicDay: clinicDay(t, -1) })
      .expect(201);
    await t.http
      .post(`/api/v1/clients/${missing.id}/doses`)
      .set(nurse.auth)
      .send({ doseMg: 60, kind: 'observed', clinicDay: clinicDay(t, -4), assessmentNote: 'Intake assessment done.' })
      .expect(201);
    return { nurse, physician, counselor, coordinator, regular, missing };
  }

  async function dosesToday(nurse: SignedIn, clientId: string): Promise<{ doseMg: number }[]> {
    const day = clinicDay(suite.t);
    const res = await suite.t.http.get(`/api/v1/clients/${clientId}/doses?from=${day}&to=${day}`).set(nurse.auth).expect(200);
    return res.body.items as { doseMg: number }[];
  }

  it.each(LANGUAGES)('finds a client by number and records a dose with the keyboard alone (%s)', async (language) => {
    const { nurse, regular, missing } = await setUpClinic();
    const web = await WebPage.open(suite, language);
    await web.signIn(nurse.username, STAFF_PASSWORD);
    await web.openFromMenu(language === 'en' ? 'Dosing window' : '服药窗口');
    await web.page.getByTestId(`row-${missing.code}`).waitFor();
    // The client to assess comes before the one who is fine.
    const rows = await web.page
      .locator('[data-testid^="row-"]')
      .evaluateAll((found) => found.map((row) => row.getAttribute('data-testid')));
    expect(rows.indexOf(`row-${missing.code}`)).toBeLessThan(rows.indexOf(`row-${regular.code}`));
    await web.checkAccessibility();
    await web.screenshot('nurse-dosing-window');

    // A keystroke or two: the client's number, Enter opens the form with the order shown, Enter records it.
    const number = String(Number(regular.code.split('-')[1]));
    await web.page.keyboard.type(number);
    await web.page.keyboard.press('Enter');
    await web.waitForText('active-order', language === 'en' ? 'Active order: 60 mg' : '当前医嘱：60 毫克');
    await web.checkAccessibility();
    await web.screenshot('nurse-record-dose');
    await web.page.keyboard.press('Enter');
    await web.waitForText('recorded', regular.code);
    expect(await dosesToday(nurse, regular.id)).toEqual([expect.objectContaining({ doseMg: 60, kind: 'observed' })]);
    await web.waitForText(`row-${regular.code}`, language === 'en' ? 'Dosed' : '已服');
    expect(await web.page.getByTestId(`row-${regular.code}`).getAttribute('data-dosed')).toBe('true');

    // The client who missed three days: a dose above the order is explained, the assessment note is asked for.
    await web.page.getByLabel(language === 'en' ? 'Find a client' : '查找服务对象').fill('Ming');
    await web.page.keyboard.press('Enter');
    await web.page
      .getByRole('status')
      .filter({ hasText: language === 'en' ? 'assess the client' : '服药前请评估' })
      .waitFor();
    await web.page.getByLabel(language === 'en' ? 'Dose (mg)' : '剂量（毫克）').fill('80');
    await web.page.getByLabel(language === 'en' ? 'Assessment note' : '评估记录').fill('Seen by the nurse; well.');
    web.expectApiError(422);
    await web.page.getByRole('button', { name: language === 'en' ? 'Record dose' : '记录服药', exact: true }).press('Enter');
    await web.waitForText('error', language === 'en' ? 'larger than the active order' : '剂量超过当前医嘱');
    expect(await dosesToday(nurse, missing.id)).toEqual([]);
    await web.page.getByLabel(language === 'en' ? 'Dose (mg)' : '剂量（毫克）').fill('60');
    await web.page.getByRole('button', { name: language === 'en' ? 'Record dose' : '记录服药', exact: true }).press('Enter');
    await web.waitForText('recorded', missing.code);
    expect(await dosesToday(nurse, missing.id)).toEqual([expect.objectContaining({ doseMg: 60 })]);
    await web.finish();
  });

  it('says what blocks a dose before anything is typed and offers no input (zh-CN)', async () => {
    const t = suite.t;
    const { nurse, counselor, regular } = await setUpClinic();
    const noOrder = await makeClient(t, counselor, { preferredName: '阿华', intakeDate: clinicDay(t) });
    await t.http.post(`/api/v1/clients/${regular.id}/doses`).set(nurse.auth).send({ doseMg: 60, kind: 'observed' }).expect(201);

    const web = await WebPage.open(suite, 'zh-CN');
    await web.signIn(nurse.username, STAFF_PASSWORD);
    await web.openFromMenu('服药窗口');
    const dose = web.page.getByLabel('剂量（毫克）');
    const record = web.page.getByRole('button', { name: '记录服药', exact: true });

    await web.page.getByRole('button', { name: `记录服药: ${noOrder.code} 阿华` }).click();
    await web.waitForText('blocker', '没有有效医嘱');
    await web.waitForText('blocker', '请联系医生开具医嘱');
    expect(await dose.isDisabled()).toBe(true);
    expect(await record.isDisabled()).toBe(true);
    await web.checkAccessibility();
    await web.page.keyboard.press('Escape');

    await web.page.getByRole('button', { name: `记录服药: ${regular.code} 小李` }).click();
    await web.waitForText('blocker', '今日已服药');
    expect(await dose.isDisabled()).toBe(true);
    expect(await record.isDisabled()).toBe(true);
    await web.page.keyboard.press('Escape');
    expect(await dosesToday(nurse, noOrder.id)).toEqual([]);
    expect(await dosesToday(nurse, regular.id)).toHaveLength(1);
    await web.finish();
  });

  it('shows the coordinator the window read-only, without record buttons (zh-CN)', async () => {
    const { coordinator, regular } = await setUpClinic();
    const web = await WebPage.open(suite, 'zh-CN');
    await web.signIn(coordinator.username, STAFF_PASSWORD);
    await web.goto('/dosing');
    await web.page.getByTestId(`row-${regular.code}`).waitFor();
    await web.waitForText('read-only', '只读');
    expect(await web.page.getByRole('button', { name: /记录服药/ }).count()).toBe(0);
    // Enter on a found client opens nothing.
    await web.page.getByLabel('查找服务对象').fill(String(Number(regular.code.split('-')[1])));
    await web.page.keyboard.press('Enter');
    expect(await web.page.getByTestId('dose-form').count()).toBe(0);
    await web.checkAccessibility();
    await web.finish();
  });

  it('reaches a client the window does not list by their exact code, through emergency access with a reason (zh-CN)', async () => {
    const t = suite.t;
    const { nurse, coordinator } = await setUpClinic();
    // Discharged: not in treatment, so neither the window nor the nurse's search shows them.
    const away = await makeClient(t, coordinator, { familyName: '周', givenName: '红', intakeDate: clinicDay(t, -10) });
    await dischargeClient(t, coordinator, away.id, clinicDay(t, -1), 'other');
    const web = await WebPage.open(suite, 'zh-CN');
    await web.signIn(nurse.username, STAFF_PASSWORD);
    await web.openFromMenu('服药窗口');
    await web.page.getByLabel('查找服务对象').fill(away.code);
    const offer = web.page.getByTestId('emergency-by-code');
    await offer.filter({ hasText: away.code }).waitFor();
    expect(await web.page.getByTestId('window-list').count()).toBe(0);
    // A number alone is no exact code: no offer.
    await web.page.getByLabel('查找服务对象').fill(String(Number(away.code.split('-')[1]) + 1000));
    await offer.waitFor({ state: 'detached' });
    await web.page.getByLabel('查找服务对象').fill(away.code);
    await offer.waitFor();
    await web.page.getByTestId('emergency-code-reason').fill('太短了');
    expect(await web.page.getByTestId('emergency-code-submit').isDisabled()).toBe(true);
    await web.checkAccessibility();
    await web.screenshot('nurse-emergency-from-search');
    await web.page.getByTestId('emergency-code-reason').fill('服务对象在窗口前晕倒，需要立即查看档案');
    await web.page.getByTestId('emergency-code-submit').click();
    await web.page.waitForURL(new RegExp(`/clients/${away.id}$`));
    await web.waitForText('client-name', '周红');
    await web.waitForText('emergency-granted', '紧急访问有效至');
    const grants = (await t.http.get('/api/v1/emergency-access').set(coordinator.auth).expect(200)).body.items;
    expect(grants).toContainEqual(expect.objectContaining({ clientId: away.id, staffId: nurse.id, active: true }));
    await web.finish();
  });
});
