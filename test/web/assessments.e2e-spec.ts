import { Role } from '@tongban/platform';
import { clinicDay, makeClient, makeClinic, makeStaff, signInAdmin, SignedIn, STAFF_PASSWORD } from '../factories';
import { Language, startWebSuite, WebPage, WebSuite } from './support/browser';

/** Item texts and labels as the instruments publish them (the rest is found by test id). */
const MSPSS = { 'zh-CN': '领悟社会支持量表（MSPSS）', en: 'Multidimensional Scale of Perceived Social Support (MSPSS)' };
const PSAS = { 'zh-CN': '成瘾病耻感知量表（PSAS）', en: 'Perceived Stigma of Addiction Scale (PSAS)' };
const MSPSS_ITEM_1 = '1. 在我遇到问题时有些人（领导、亲戚、同事）会出现在我的身旁';
const NO_TRANSLATION = '此量表尚无已发表的中文版本，以英文显示。';

/**
 * A counselor takes an MSPSS and a PSAS with a client on the client record
 * and sees the scores charted; the coordinator compares retention by the
 * baseline social support those assessments give.
 */
describe('web app: assessments', () => {
  let suite: WebSuite;

  beforeAll(async () => {
    suite = await startWebSuite();
  });
  afterAll(() => suite?.close());

  const get = async <T>(caller: SignedIn, path: string): Promise<T> =>
    (await suite.t.http.get(path).set(caller.auth).expect(200)).body as T;

  /** Answers item `number` (1-based) of the form on screen with `point`. */
  async function answer(web: WebPage, number: number, point: number): Promise<void> {
    const item = web.page.getByTestId('assessment-item').nth(number - 1);
    await item
      .locator('label')
      .filter({ hasText: new RegExp(`^${point}(\\s|$)`) })
      .click();
  }

  async function openAssessments(web: WebPage, clientId: string, language: Language): Promise<void> {
    await web.goto(`/clients/${clientId}?tab=assessments`);
    await web.page.getByTestId('assessment-form').waitFor();
    await web.page.getByText(MSPSS[language]).first().waitFor();
  }

  it('in zh-CN, a counselor records an MSPSS and a PSAS and sees the chart; the coordinator compares retention by social support', async () => {
    const { t } = suite;
    const admin = await signInAdmin(t);
    const clinic = await makeClinic(t, admin);
    const counselor = await makeStaff(t, admin, Role.Counselor, clinic.id);
    const coordinator = await makeStaff(t, admin, Role.Coordinator, clinic.id);
    const client = await makeClient(t, counselor, { intakeDate: clinicDay(t, -10) });

    const web = await WebPage.open(suite, 'zh-CN');
    const page = web.page;
    await web.signIn(counselor.username, STAFF_PASSWORD);
    await openAssessments(web, client.id, 'zh-CN');
    await page.getByText(MSPSS_ITEM_1).waitFor();
    await web.waitForText('assessment-progress', '已答 0 / 12 题');

    // Nothing sent while items are unanswered: the form says which.
    await page.getByTestId('assessment-submit').click();
    await web.waitForText('assessment-unanswered', '尚未回答：1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12');
    const answers = [7, 6, 5, 4, 7, 2, 3, 4, 1, 6, 5, 2];
    for (let i = 0; i < 11; i++) await answer(web, i + 1, answers[i]);
    await page.getByTestId('assessment-submit').click();
    await web.waitForText('assessment-unanswered', '尚未回答：12');
    await answer(web, 12, answers[11]);
    await web.waitForText('assessment-progress', '已答 12 / 12 题');
    await web.checkAccessibility();
    await web.screenshot('assessment-form');
    await page.getByTestId('assessment-submit').click();
    await web.waitForText('assessment-saved', '总分 4.33');
    await page.locator('[data-testid="score-chart-mspss"] .recharts-line-dot').first().waitFor({ state: 'attached' });
    // One assessment: a point for the total and each of the three subscales.
    expect(await page.locator('[data-testid="score-chart-mspss"] .recharts-line-dot').count()).toBe(4);

    // The PSAS has no published Chinese version: it is shown in English, and the form says so.
    await page.getByTestId('assessment-instrument').getByText(PSAS['zh-CN']).click();
    await page.getByTestId('assessment-no-translation').filter({ hasText: NO_TRANSLATION }).waitFor();
    await web.waitForText('assessment-progress', '已答 0 / 8 题');
    for (const [index, point] of [1, 1, 1, 1, 4, 1, 4, 1].entries()) await answer(web, index + 1, point);
    await page.getByTestId('assessment-submit').click();
    await web.waitForText('assessment-saved', '总分 32');
    await page.locator('[data-testid="score-chart-stigma"] .recharts-line-dot').first().waitFor({ state: 'attached' });
    const stored = await get<{ items: Array<{ instrument: string; total: number }> }>(
      counselor,
      `/api/v1/clients/${client.id}/assessments`,
    );
    expect(stored.items.map((item) => [item.instrument, item.total])).toEqual([
      ['stigma', 32],
      ['mspss', 4.33],
    ]);
    await web.checkAccessibility();
    await page.getByTestId('assessment-charts').scrollIntoViewIfNeeded();
    await web.screenshot('assessment-chart');
    await web.finish();

    // The same screens in English, for the screenshots.
    if (process.env.SCREENSHOTS === '1') {
      const en = await WebPage.open(suite, 'en');
      await en.signIn(counselor.username, STAFF_PASSWORD);
      await openAssessments(en, client.id, 'en');
      for (const [index, point] of answers.entries()) await answer(en, index + 1, point);
      await en.screenshot('assessment-form');
      await en.page.locator('[data-testid="score-chart-mspss"] .recharts-line-dot').first().waitFor({ state: 'attached' });
      await en.screenshot('assessment-chart');
      await en.finish();
    }

    // The coordinator sees scores, never answers, and compares retention by baseline social support.
    const boss = await WebPage.open(suite, 'zh-CN');
    await boss.signIn(coordinator.username, STAFF_PASSWORD);
    await boss.goto(`/clients/${client.id}?tab=assessments`);
    await boss.page.getByTestId('answers-withheld').waitFor();
    expect(await boss.page.getByTestId('assessment-form').count()).toBe(0);
    await boss.goto('/reports/retention');
    await boss.page.getByTestId('retention-episodes').waitFor();
    await boss.page.getByLabel('比较').selectOption('social_support');
    const report = await get<{ groups: Array<{ key: string; episodes: number }> }>(
      coordinator,
      '/api/v1/reports/retention?compare=social_support',
    );
    expect(report.groups.map((group) => [group.key, group.episodes])).toEqual([
      ['low', 1],
      ['medium', 0],
      ['high', 0],
      ['unknown', 0],
    ]);
    await boss.page.locator('[data-testid="retention-series"][data-series="low"]').filter({ hasText: '社会支持低' }).waitFor();
    await boss.page.getByTestId('social-support-hint').waitFor();
    await boss.checkAccessibility();
    await boss.finish();
  }, 240_000);
});
