import { readFileSync } from 'node:fs';
import { crc32, deflateSync } from 'node:zlib';
import { Role } from '@tongban/platform';
import { clinicDay, makeClient, makeClinic, makeDoseOrder, makeStaff, pinClock, signInAdmin, STAFF_PASSWORD } from '../factories';
import { LANGUAGES, WebPage, type Language } from './support/browser';
import { dayWalk } from './support/ui-only';

/** The words the day looks for, in each language (as the app's messages have them). */
const WORDS = {
  'zh-CN': {
    today: '今日工作',
    find: '查找服务对象',
    record: '记录服药',
    recordTakeHome: '记录带药',
    dose: '剂量（毫克）',
    coversDays: '今日之后覆盖天数',
    assessmentNote: '评估记录',
    assessmentRequired: '服药前请填写评估记录。',
    assessWarning: '服药前请评估',
    dosed: '已服',
    notDosed: '未服',
    alreadyDosed: '今日已服药',
    takeHomeStill: '仍可为之后几天记录带药',
    activeOrder: (mg: number) => `当前医嘱：${mg} 毫克`,
    splitToday: '今日分次服药',
    splitGiven: '已服 40 毫克，尚余 40 毫克',
    takeHomeTotal: '2 天，共 100 毫克',
    coveredUntil: '带药至',
    age: '岁',
    openRecord: (client: string) => `打开 ${client} 的档案`,
    void: '作废',
    voidReason: '作废原因',
    confirmVoid: '作废此记录',
    voidDone: '服药记录已作废',
    voided: (reason: string) => `已作废：${reason}`,
    mistake: '记错了服务对象',
    windowNav: '服药窗口',
    daySheet: '发药登记',
    mg: (value: number) => `${value} 毫克`,
  },
  en: {
    today: 'Today’s work',
    find: 'Find a client',
    record: 'Record dose',
    recordTakeHome: 'Record the take-home dispense',
    dose: 'Dose (mg)',
    coversDays: 'Days covered after today',
    assessmentNote: 'Assessment note',
    assessmentRequired: 'Write the assessment note before this dose.',
    assessWarning: 'assess the client',
    dosed: 'Dosed',
    notDosed: 'Not yet',
    alreadyDosed: 'Already dosed today',
    takeHomeStill: 'A take-home dispense for the following days can still be recorded',
    activeOrder: (mg: number) => `Active order: ${mg} mg`,
    splitToday: 'Split dose today',
    splitGiven: 'Given 40 mg, 40 mg to go',
    takeHomeTotal: '2 days: 100 mg in all',
    coveredUntil: 'Take-home until',
    age: 'years old',
    openRecord: (client: string) => `Open the record of ${client}`,
    void: 'Void',
    voidReason: 'Why is this dose voided?',
    confirmVoid: 'Void the dose',
    voidDone: 'The dose was voided',
    voided: (reason: string) => `Voided: ${reason}`,
    mistake: 'Recorded for the wrong client',
    windowNav: 'Dosing window',
    daySheet: 'Day sheet',
    mg: (value: number) => `${value} mg`,
  },
} satisfies Record<Language, unknown>;

/**
 * The nurse's working day at the dispensing window, walked through the web app
 * only: set-up (clinic, staff, clients with their orders and yesterday's doses,
 * a photo on file) goes through the API; from sign-in on every step and every
 * check is made on screen.
 */
describe('web app: a nurse’s whole day at the dispensing window, through the UI only', () => {
  const walk = dayWalk();

  /** The clients a morning at the window starts with. */
  async function setUpMorning() {
    const { t } = walk;
    // A morning at the clinic, whatever the hour the test runs (a whole day never crosses the clinic's midnight).
    pinClock(t, '08:30');
    const admin = await signInAdmin(t);
    const clinic = await makeClinic(t, admin);
    const [nurse, physician, counselor] = await Promise.all(
      [Role.Nurse, Role.Physician, Role.Counselor].map((role) => makeStaff(t, admin, role, clinic.id)),
    );
    const today = clinicDay(t);
    // Dosed yesterday, with a photo on file: checked against it at the window.
    const regular = await makeClient(t, counselor, {
      familyName: '李',
      givenName: '建国',
      preferredName: '老李',
      dateOfBirth: '1975-03-02',
      intakeDate: clinicDay(t, -1),
    });
    await makeDoseOrder(t, physician, regular.id, { doseMg: 60, effectiveDate: clinicDay(t, -1), note: '服药后观察十分钟' });
    await t.http
      .post(`/api/v1/clients/${regular.id}/doses`)
      .set(nurse.auth)
      .send({ doseMg: 60, kind: 'observed', clinicDay: clinicDay(t, -1) })
      .expect(201);
    await t.http.put(`/api/v1/clients/${regular.id}/photo`).set(nurse.auth).set('Content-Type', 'image/png').send(portrait()).expect(204);
    // A split dose: two parts of 40 mg.
    const split = await makeClient(t, counselor, { familyName: '陈', givenName: '静', preferredName: '阿静', intakeDate: today });
    await makeDoseOrder(t, physician, split.id, { doseMg: 80, splitDose: true });
    // Two take-home days a week.
    const takeHome = await makeClient(t, counselor, { familyName: '王', givenName: '强', preferredName: '强哥', intakeDate: today });
    await makeDoseOrder(t, physician, takeHome.id, { doseMg: 50, takeHomeDaysPerWeek: 2 });
    // Dosed at intake four days ago and not since: three missed days, to be assessed before today's dose.
    const missing = await makeClient(t, counselor, {
      familyName: '张',
      givenName: '明',
      preferredName: '小明',
      intakeDate: clinicDay(t, -4),
    });
    await makeDoseOrder(t, physician, missing.id, { doseMg: 60, effectiveDate: clinicDay(t, -4) });
    await t.http
      .post(`/api/v1/clients/${missing.id}/doses`)
      .set(nurse.auth)
      .send({ doseMg: 60, kind: 'observed', clinicDay: clinicDay(t, -4), assessmentNote: '入组评估已完成。' })
      .expect(201);
    // The one the nurse will dose by mistake.
    const other = await makeClient(t, counselor, { familyName: '刘', givenName: '洋', preferredName: '阿洋', intakeDate: today });
    await makeDoseOrder(t, physician, other.id, { doseMg: 60 });
    return { t, nurse, today, regular, split, takeHome, missing, other };
  }

  it.each(LANGUAGES)(
    'finds clients by number and name, checks who is at the window, records observed, split and take-home doses, assesses, corrects a mistake and closes the day sheet (%s)',
    async (language) => {
      const words = WORDS[language];
      const { t, nurse, today, regular, split, takeHome, missing, other } = await setUpMorning();
      const web = await WebPage.open(walk.suite, language);
      // The nurse's device shows the clinic's day (the day sheet opens on it).
      await web.page.clock.install({ time: t.clock.now() });
      walk.uiOnly();
      const { page } = web;
      const find = page.getByLabel(words.find);
      const recordButton = page.getByRole('button', { name: words.record, exact: true });
      const row = (code: string) => page.getByTestId(`row-${code}`);
      const openDialog = (client: { code: string; preferredName: string | null }) =>
        page.getByRole('button', { name: `${words.record}: ${client.code} ${client.preferredName}` }).click();
      const recorded = async (code: string) => {
        await web.waitForText('recorded', code);
        await page.getByTestId('dose-form').waitFor({ state: 'detached' });
      };

      await web.signIn(nurse.username, STAFF_PASSWORD);
      // Her day opens on today's work; the window is one click away: the one who missed three days comes first.
      await page.getByRole('heading', { name: words.today }).waitFor();
      await web.openFromMenu(words.windowNav);
      await row(missing.code).waitFor();
      const order = await page
        .locator('[data-testid^="row-"]')
        .evaluateAll((rows) => rows.map((found) => found.getAttribute('data-testid')));
      expect(order[0]).toBe(`row-${missing.code}`);
      await web.waitForText(`row-${regular.code}`, words.notDosed);
      await web.checkAccessibility();

      // 1. The first client at the window: found by number, checked against the photo, dosed with Enter.
      await find.fill(String(Number(regular.code.split('-')[1])));
      await find.press('Enter');
      await page.waitForFunction(() => {
        const img = document.querySelector<HTMLImageElement>('[data-testid="dose-form"] img[data-testid="client-photo"]');
        return img !== null && img.complete && img.naturalWidth > 0;
      });
      await web.waitForText('dose-client-name', '李建国');
      await web.waitForText('dose-client-age', words.age);
      await web.waitForText('dose-identity', regular.code);
      await web.waitForText('active-order', words.activeOrder(60));
      await web.waitForText('order-note', '服药后观察十分钟');
      await web.checkAccessibility();
      await page.keyboard.press('Enter');
      await recorded(regular.code);
      await web.waitForText(`row-${regular.code}`, words.dosed);
      expect(await row(regular.code).getAttribute('data-dosed')).toBe('true');

      // 2. A split dose, the client found by full name: the first part now, the second later in the day.
      await find.fill('陈静');
      await row(split.code).waitFor();
      expect(await row(regular.code).count()).toBe(0);
      await find.press('Enter');
      await web.waitForText('split-today', words.splitToday);
      expect(await page.getByLabel(words.dose).inputValue()).toBe('40');
      await recordButton.click();
      await recorded(split.code);
      await web.waitForText(`row-${split.code}`, words.splitGiven);
      expect(await row(split.code).getAttribute('data-dosed')).toBeNull();

      // 3. Observed today, then two take-home days: the dialog says what is still possible.
      await openDialog(takeHome);
      await web.waitForText('active-order', words.activeOrder(50));
      await recordButton.click();
      await recorded(takeHome.code);
      await openDialog(takeHome);
      await web.waitForText('blocker', words.alreadyDosed);
      await web.waitForText('blocker', words.takeHomeStill);
      await page.getByLabel(words.coversDays).fill('2');
      await web.waitForText('take-home-total', words.takeHomeTotal);
      await web.checkAccessibility();
      await page.getByRole('button', { name: words.recordTakeHome }).click();
      await recorded(takeHome.code);
      // The dialog now says how far the take-home reaches.
      await openDialog(takeHome);
      await web.waitForText('covered-until', words.coveredUntil);
      await page.keyboard.press('Escape');
      await page.getByTestId('dose-form').waitFor({ state: 'detached' });
      // So does the client's row in the list.
      await row(takeHome.code).getByTestId('covered-until').filter({ hasText: words.coveredUntil }).waitFor();

      // 4. Three days missed: the dose waits for the assessment note.
      await openDialog(missing);
      await page.getByTestId('assess-warning').filter({ hasText: words.assessWarning }).waitFor();
      await recordButton.click();
      await page.getByText(words.assessmentRequired).first().waitFor();
      await page.getByLabel(words.assessmentNote).fill('精神状态好，无戒断症状，可以服药。');
      await recordButton.click();
      await recorded(missing.code);
      await web.waitForText(`row-${missing.code}`, words.dosed);

      // 5. A dose recorded for the wrong client, corrected on the client's record: voided with a reason.
      await openDialog(other);
      await recordButton.click();
      await recorded(other.code);
      await web.waitForText(`row-${other.code}`, words.dosed);
      await page.getByRole('link', { name: words.openRecord(`${other.code} ${other.preferredName}`) }).click();
      const dose = page.getByTestId('dose').first();
      await dose.waitFor();
      await dose.getByRole('button', { name: new RegExp(`^${words.void}`) }).click();
      await page.getByLabel(words.voidReason).fill(words.mistake);
      await page.getByRole('button', { name: words.confirmVoid }).click();
      await web.waitForText('void-done', words.voidDone);
      // The dialog closes as the dose is voided; while it fades out it still has its name.
      expect((await web.dialogNames()).filter((name) => !name)).toEqual([]);
      await web.waitForText('void-reason', words.voided(words.mistake));
      expect(await dose.getAttribute('data-voided')).toBe('true');
      await web.checkAccessibility();
      await page.getByRole('link', { name: words.windowNav }).first().click();
      await web.waitForText(`row-${other.code}`, words.notDosed);

      // 6. The second part of the split dose, in the afternoon.
      await openDialog(split);
      expect(await page.getByLabel(words.dose).inputValue()).toBe('40');
      await recordButton.click();
      await recorded(split.code);
      await web.waitForText(`row-${split.code}`, words.dosed);
      expect(await row(split.code).getAttribute('data-dosed')).toBe('true');

      // 7. The day sheet: every dose, the mistake struck through and left out of the totals; printed and saved.
      await page.getByRole('link', { name: words.daySheet }).first().click();
      await web.waitForText('total-doses', '6');
      await web.waitForText('total-observed', words.mg(250));
      await web.waitForText('total-take-home', words.mg(100));
      await web.waitForText('total-mg', words.mg(350));
      expect(await page.getByTestId(`sheet-${split.code}`).count()).toBe(2);
      expect(await page.getByTestId(`sheet-${takeHome.code}`).count()).toBe(2);
      const voided = page.getByTestId(`sheet-${other.code}`);
      expect(await voided.getAttribute('data-voided')).toBe('true');
      await voided.filter({ hasText: words.voided(words.mistake) }).waitFor();
      await web.checkAccessibility();
      // On paper the sheet keeps its table and totals, without the buttons.
      await page.emulateMedia({ media: 'print' });
      expect(await page.getByTestId('export-csv').isVisible()).toBe(false);
      expect(await page.getByTestId('day-sheet').isVisible()).toBe(true);
      await page.emulateMedia({ media: 'screen' });
      const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
      expect(csv.suggestedFilename()).toBe(`day-sheet-${today}.csv`);
      const text = readFileSync(await csv.path()).toString('utf8');
      for (const client of [regular, split, takeHome, missing]) expect(text).toContain(client.code);
      await web.finish();
    },
    120_000,
  );
});

/** A small portrait-coloured PNG (what the photo field only has to show), built without a browser. */
function portrait(): Buffer {
  const [width, height] = [40, 50];
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits, RGB
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) row.set(y < height * 0.6 ? [0x9f, 0xb3, 0xc8] : [0x2f, 0x48, 0x58], 1 + x * 3);
    rows.push(row);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
