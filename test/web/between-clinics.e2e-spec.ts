import { Role } from '@tongban/platform';
import { clinicDay, makeClient, makeClinic, makeDoseOrder, makeStaff, signInAdmin, STAFF_PASSWORD } from '../factories';
import { DESKTOP, pickDate, startWebSuite, WebPage, WebSuite } from './support/browser';

/**
 * Between clinics in the browser, in zh-CN: the home coordinator arranges
 * guest dosing from the client record, the host nurse finds the guest at her
 * window badged with the home clinic's code, and on her day sheet the dose
 * she gave the guest, which she voids; the arrangement is ended; then
 * the home coordinator proposes a transfer and the receiving coordinator
 * accepts it from the list of pending transfers.
 */
describe('web app: guest dosing and transfers between clinics', () => {
  let suite: WebSuite;

  beforeAll(async () => {
    suite = await startWebSuite();
  });
  afterAll(() => suite?.close());

  it('in zh-CN, a coordinator arranges guest dosing, the host nurse sees the guest, and a transfer is proposed and accepted', async () => {
    const { t } = suite;
    const admin = await signInAdmin(t);
    const home = await makeClinic(t, admin);
    const host = await makeClinic(t, admin);
    const coordinator = await makeStaff(t, admin, Role.Coordinator, home.id);
    const physician = await makeStaff(t, admin, Role.Physician, home.id);
    const hostNurse = await makeStaff(t, admin, Role.Nurse, host.id);
    const hostCoordinator = await makeStaff(t, admin, Role.Coordinator, host.id);
    const client = await makeClient(t, coordinator, { intakeDate: clinicDay(t) });
    await makeDoseOrder(t, physician, client.id);

    // The home coordinator arranges three days at the host clinic from the record's Manage tab.
    const web = await WebPage.open(suite, 'zh-CN');
    const page = web.page;
    await web.signIn(coordinator.username, STAFF_PASSWORD);
    await web.goto(`/clients/${client.id}?tab=manage`);
    await page.getByTestId('guest-dosing').waitFor();
    await page.getByTestId('guest-host').locator(`option[value="${host.id}"]`).waitFor({ state: 'attached' });
    await page.getByTestId('guest-host').selectOption(host.id);
    await pickDate(page, 'guest-until', clinicDay(t, 2));
    // Without the client's agreement the API refuses, said at the checkbox.
    web.expectApiError(400);
    await page.getByTestId('guest-arrange').click();
    await page.getByTestId('guest-agreed').check();
    await page.getByTestId('guest-arrange').click();
    await web.waitForText('guest-done', host.code);
    await web.waitForText('guest-arrangements', '进行中');
    await web.checkAccessibility();
    await web.screenshot('guest-dosing');

    // The host nurse finds the guest at her window, badged with the home clinic's code.
    const nurse = await WebPage.open(suite, 'zh-CN');
    await nurse.signIn(hostNurse.username, STAFF_PASSWORD);
    await nurse.goto('/dosing');
    await nurse.page.getByTestId(`row-${client.code}`).getByTestId('guest-badge').filter({ hasText: home.code }).waitFor();
    await nurse.checkAccessibility();
    await nurse.screenshot('guest-at-window');

    // Her dose of the guest is on her clinic's day sheet, marked with the home clinic's code, and she may void it that day.
    await t.http.post(`/api/v1/clients/${client.id}/doses`).set(hostNurse.auth).send({ doseMg: 60, kind: 'observed' }).expect(201);
    await nurse.goto('/dosing/day-sheet');
    const sheetRow = nurse.page.getByTestId(`sheet-${client.code}`);
    await sheetRow.getByTestId('guest-badge').filter({ hasText: home.code }).waitFor();
    await nurse.waitForText('total-mg', /^60(\D|$)/);
    await nurse.checkAccessibility();
    await nurse.screenshot('guest-on-day-sheet');
    // On a tablet held upright the badge keeps its whole text (the table scrolls sideways instead).
    await nurse.page.setViewportSize({ width: 768, height: 1024 });
    await nurse.settled();
    const badge = sheetRow.getByTestId('guest-badge');
    expect(await badge.evaluate((element) => [...element.querySelectorAll('*')].some((part) => part.scrollWidth > part.clientWidth))).toBe(
      false,
    );
    await nurse.page.setViewportSize(DESKTOP);
    await sheetRow.getByTestId('void-guest-dose').click();
    await nurse.page.getByLabel('作废原因').fill('剂量记错');
    await nurse.page.getByRole('button', { name: '作废此记录' }).click();
    await nurse.page.locator(`[data-testid="sheet-${client.code}"][data-voided="true"]`).waitFor();
    await nurse.waitForText('total-mg', /^0(\D|$)/);
    expect(await sheetRow.getByTestId('void-guest-dose').count()).toBe(0);

    // Ended early, the guest leaves the host's window.
    await page.getByTestId('guest-end').click();
    await web.waitForText('guest-arrangements', '提前结束');
    await nurse.page.reload();
    await nurse.page.getByTestId(`row-${client.code}`).waitFor({ state: 'detached' });
    await nurse.finish();

    // A transfer to the host clinic, proposed at home and accepted there.
    await page.getByTestId('transfer-clinic').selectOption(host.id);
    await page.getByTestId('transfer-agreed').check();
    await page.getByTestId('transfer-propose').click();
    await web.waitForText('transfer-done', host.code);
    await web.finish();

    const receiving = await WebPage.open(suite, 'zh-CN');
    await receiving.signIn(hostCoordinator.username, STAFF_PASSWORD);
    await receiving.goto('/transfers');
    const row = receiving.page.getByTestId(`transfer-${client.code}`);
    await row.waitFor();
    await receiving.checkAccessibility();
    await receiving.screenshot('pending-transfers');
    await row.getByTestId('accept-transfer').click();
    await receiving.waitForText('transfer-done', client.code);
    await receiving.page.getByTestId('no-transfers').waitFor();
    await receiving.page.getByTestId('open-transferred').click();
    await receiving.page.getByText(host.code, { exact: false }).first().waitFor();
    await receiving.finish();
  });
});
