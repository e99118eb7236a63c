import { Role } from '@tongban/platform';
import { makeClient, makeClinic, makeStaff, signInAdmin, STAFF_PASSWORD } from '../factories';
import { startWebSuite, WebPage, WebSuite } from './support/browser';

/** What the test reads on the screen (the rest is found by test id). */
const TEXT = {
  empty: '尚无目标',
  nextReview: '下次回顾日期',
  workIncome: '工作与收入',
  better: '好转',
  consentNeeded: '没有有效的转介同意',
  mentalHealth: '精神卫生',
  attended: '已就诊',
} as const;

/** The pages of a PDF: its `/Type /Page` objects (the page tree itself is `/Type /Pages`). */
function pageCount(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
}

describe('web app: the care plan and referrals on the client record', () => {
  let suite: WebSuite;

  beforeAll(async () => {
    suite = await startWebSuite();
  });
  afterAll(() => suite?.close());

  it('in zh-CN, a counselor adds goals, a review and a referral; the plan prints on one A4 page', async () => {
    const { t } = suite;
    const admin = await signInAdmin(t);
    const clinic = await makeClinic(t, admin);
    const counselor = await makeStaff(t, admin, Role.Counselor, clinic.id);
    const client = await makeClient(t, counselor);

    const web = await WebPage.open(suite, 'zh-CN');
    const page = web.page;
    await web.signIn(counselor.username, STAFF_PASSWORD);
    await web.goto(`/clients/${client.id}?tab=carePlan`);
    await web.waitForText('care-plan-empty', TEXT.empty);

    // Two goals in two domains; the first starts the plan, due for review in 90 days.
    const goal = '找到一份白天的工作，早上能来服药';
    await page.getByTestId('goal-domain-input').selectOption('work_income');
    await page.getByTestId('goal-description-input').fill(goal);
    await page.getByTestId('goal-submit').click();
    await web.waitForText('goal-description', goal);
    await page.getByTestId('goal-domain-input').selectOption('family');
    await page.getByTestId('goal-description-input').fill('每周回家看望母亲');
    await page.getByTestId('goal-submit').click();
    await web.waitForText('goal-description', '每周回家看望母亲');
    await web.waitForText('domain-work_income', TEXT.workIncome);
    await web.waitForText('next-review-due', TEXT.nextReview);

    // A review of the work goal, with its note.
    const note = '周五去面包店面试';
    const workGoal = page.getByTestId('goal').filter({ hasText: goal });
    await workGoal.getByTestId('review-open').click();
    await workGoal.getByTestId('review-progress-input').selectOption('better');
    await workGoal.getByTestId('review-note-input').fill(note);
    await workGoal.getByTestId('review-submit').click();
    await workGoal.getByTestId('review').filter({ hasText: note }).waitFor();
    expect(await workGoal.getByTestId('review').textContent()).toContain(TEXT.better);
    const plan = (await t.http.get(`/api/v1/clients/${client.id}/care-plan`).set(counselor.auth).expect(200)).body;
    expect(plan.goals).toHaveLength(2);
    expect(plan.goals[0].reviews).toEqual([expect.objectContaining({ progress: 'better', note })]);
    await web.checkAccessibility();
    await page.evaluate(() => window.scrollTo(0, 0));
    await web.screenshot('care-plan');

    // The print view: the plan alone, on one A4 page, nothing wider than the page.
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByTestId('goal-form').isVisible()).toBe(false);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    // page.pdf lays the page out for print media, on A4 paper.
    expect(pageCount(await page.pdf({ format: 'A4' }))).toBe(1);
    await page.emulateMedia({ media: 'screen' });

    // A referral: sharing personal data without the referral consent is explained before anything is sent.
    await page.getByTestId('tab-referrals').click();
    await page.getByTestId('referral-service-input').selectOption('mental_health');
    await page.getByTestId('referral-organisation-input').fill('区精神卫生中心');
    await page.getByTestId('referral-shares-input').check();
    await web.waitForText('referral-consent-needed', TEXT.consentNeeded);
    expect(await page.getByTestId('referral-submit').isDisabled()).toBe(true);
    await page.getByTestId('referral-shares-input').uncheck();
    await page.getByTestId('referral-submit').click();
    await web.waitForText('referral-service', TEXT.mentalHealth);
    await web.checkAccessibility();

    // The client went: attended, with what came of it.
    await page.getByTestId('referral-status-input').selectOption('attended');
    await page.getByTestId('referral-outcome-input').fill('开始心理治疗');
    await page.getByTestId('referral-update').click();
    await web.waitForText('referral-status', TEXT.attended);
    const referrals = (await t.http.get(`/api/v1/clients/${client.id}/referrals`).set(counselor.auth).expect(200)).body.items;
    expect(referrals).toEqual([
      expect.objectContaining({ service: 'mental_health', sharesPersonalData: false, status: 'attended', outcome: '开始心理治疗' }),
    ]);
    await web.finish();

    // The same plan in English, for the screenshots of both languages.
    const english = await WebPage.open(suite, 'en');
    await english.signIn(counselor.username, STAFF_PASSWORD);
    await english.goto(`/clients/${client.id}?tab=carePlan`);
    await english.waitForText('goal-description', goal);
    await english.waitForText('next-review-due', 'Next review due');
    await english.checkAccessibility();
    await english.screenshot('care-plan');
    await english.finish();
  }, 240_000);
});
