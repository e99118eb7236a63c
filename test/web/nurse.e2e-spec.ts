import { Role } from '@tongban/platform';
import { clinicDay, makeClient, makeClinic, makeDoseOrder, makeStaff, signInAdmin, SignedIn, STAFF_PASSWORD } from '../factories';
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
    const [nurse, physician, counselor] = await Promise.all(
      [Role.Nurse, Role.Physician, Role.Counselor].map((role) => makeStaff(t, admin, role, clinic.id)),
    );
    // Dosed yesterday: flag ok. Registered four days ago and never dosed: three missed days, flag assess.
    const regular = await makeClient(t, counselor, { preferredName: '小李', intakeDate: clinicDay(t, -1) });
    const missing = await makeClient(t, counselor, { preferredName: 'Ming', intakeDate: clinicDay(t, -4) });
    for (const client of [regular, missing]) await makeDoseOrder(t, physician, client.id, { effectiveDate: clinicDay(t, -4) });
    await t.http
      .post(`/api/v1/clients/${regular.id}/doses`)
      .set(nurse.auth)
      .send({ doseMg: 60, kind: 'observed', clinicDay: clinicDay(t, -1) })
      .expect(201);
    return { nurse, regular, missing };
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
    await web.page.getByTestId(`row-${missing.code}`).waitFor();
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
});
