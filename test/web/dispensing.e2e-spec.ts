import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Role } from '@tongban/platform';
import { clinicDay, makeClient, makeClinic, makeDoseOrder, makeStaff, signInAdmin, STAFF_PASSWORD } from '../factories';
import { LANGUAGES, startWebSuite, WebPage, WebSuite } from './support/browser';

interface Dose {
  id: string;
  doseMg: number;
  voided: boolean;
  voidReason: string | null;
}

describe('web app: identity, corrections and the day sheet at the dispensing window', () => {
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
    return { t, nurse, physician, counselor, coordinator };
  }

  it('finds a client at the window by full name and by phone number (zh-CN)', async () => {
    const { t, nurse, physician, counselor } = await setUpClinic();
    const sought = await makeClient(t, counselor, { familyName: '李', givenName: '明华', phone: '13912345678', intakeDate: clinicDay(t) });
    const other = await makeClient(t, counselor, { preferredName: '老王', intakeDate: clinicDay(t) });
    for (const client of [sought, other]) await makeDoseOrder(t, physician, client.id);

    const web = await WebPage.open(suite, 'zh-CN');
    await web.signIn(nurse.username, STAFF_PASSWORD);
    await web.openFromMenu('服药窗口');
    await web.page.getByTestId(`row-${other.code}`).waitFor();
    const find = web.page.getByLabel('查找服务对象');
    for (const typed of ['李明华', '13912345678']) {
      await find.fill(typed);
      await web.page.getByTestId(`row-${sought.code}`).waitFor();
      expect(await web.page.getByTestId(`row-${other.code}`).count()).toBe(0);
    }
    // Enter opens the found client's dialog, with the full name.
    await find.press('Enter');
    await web.waitForText('dose-client-name', '李明华');
    await web.finish();
  });

  it('takes a client photo on the record, made smaller than 2 MB before sending, and deletes it after confirming (zh-CN)', async () => {
    const { t, nurse, counselor } = await setUpClinic();
    const client = await makeClient(t, counselor, { familyName: '张', givenName: '伟', intakeDate: clinicDay(t) });

    const web = await WebPage.open(suite, 'zh-CN');
    await web.signIn(nurse.username, STAFF_PASSWORD);
    await web.goto(`/clients/${client.id}`);
    await web.page.getByTestId('client-photo-none').waitFor();
    // A camera picture larger than the API takes (2 MB): the page makes it smaller before sending it.
    const png = await drawPortrait(web, 1500, true);
    expect(png.length).toBeGreaterThan(2 * 1024 * 1024);
    await web.page.locator('input[name="photo-file"]').setInputFiles({ name: 'camera.png', mimeType: 'image/png', buffer: png });
    await web.waitForText('photo-done', '照片已保存');
    await photoLoaded(web, 'img[data-testid="client-photo"]');
    const stored = await t.http.get(`/api/v1/clients/${client.id}/photo`).set(nurse.auth).expect(200);
    expect(stored.headers['content-type']).toMatch(/^image\/jpeg/);
    expect(stored.headers['cache-control']).toMatch(/no-store/);
    expect((stored.body as Buffer).length).toBeLessThanOrEqual(2 * 1024 * 1024);
    await web.checkAccessibility();

    await web.page.getByRole('button', { name: '删除照片' }).click();
    await web.page.getByTestId('confirm-remove-photo').click();
    await web.waitForText('photo-done', '照片已删除');
    await web.page.getByTestId('client-photo-none').waitFor();
    await t.http.get(`/api/v1/clients/${client.id}/photo`).set(nurse.auth).expect(404);
    await web.finish();
  });

  it("shows the photo large in the dose dialog with the full name, age, code and the order's note (zh-CN)", async () => {
    const { t, nurse, physician, counselor } = await setUpClinic();
    const client = await makeClient(t, counselor, {
      familyName: '张',
      givenName: '伟',
      dateOfBirth: '1980-05-17',
      intakeDate: clinicDay(t),
    });
    await makeDoseOrder(t, physician, client.id, { note: '请观察服药后反应' });

    const web = await WebPage.open(suite, 'zh-CN');
    const portrait = await drawPortrait(web, 600, false);
    await t.http.put(`/api/v1/clients/${client.id}/photo`).set(nurse.auth).set('Content-Type', 'image/png').send(portrait).expect(204);
    await web.signIn(nurse.username, STAFF_PASSWORD);
    await web.openFromMenu('服药窗口');
    await web.page.getByRole('button', { name: new RegExp(`记录服药: ${client.code}`) }).click();
    await photoLoaded(web, '[data-testid="dose-form"] img[data-testid="client-photo"]');
    await web.waitForText('dose-client-name', '张伟');
    await web.waitForText('dose-client-age', '岁');
    await web.waitForText('dose-identity', client.code);
    await web.waitForText('order-note', '请观察服药后反应');
    await web.checkAccessibility();
    await web.screenshot('nurse-dose-dialog-photo');
    await web.finish();
  });

  it('voids a mistaken dose with a reason and shows it struck through; the day is open again (zh-CN)', async () => {
    const { t, nurse, physician, counselor } = await setUpClinic();
    const client = await makeClient(t, counselor, { preferredName: '小周', intakeDate: clinicDay(t) });
    await makeDoseOrder(t, physician, client.id);
    await t.http.post(`/api/v1/clients/${client.id}/doses`).set(nurse.auth).send({ doseMg: 60, kind: 'observed' }).expect(201);

    const web = await WebPage.open(suite, 'zh-CN');
    await web.signIn(nurse.username, STAFF_PASSWORD);
    await web.goto(`/clients/${client.id}?tab=dosing`);
    const row = web.page.getByTestId('dose').first();
    await row.waitFor();
    await row.getByRole('button', { name: /^作废/ }).click();
    await web.page.getByRole('button', { name: '作废此记录' }).click();
    await web.page.getByText('请填写原因。').waitFor();
    await web.page.getByLabel('作废原因').fill('记错了服务对象');
    await web.page.getByRole('button', { name: '作废此记录' }).click();
    await web.waitForText('void-done', '服药记录已作废');
    await web.waitForText('void-reason', '已作废：记错了服务对象');
    expect(await row.getAttribute('data-voided')).toBe('true');
    expect(
      await row
        .locator('td')
        .first()
        .evaluate((cell) => getComputedStyle(cell).textDecorationLine),
    ).toBe('line-through');
    await web.checkAccessibility();

    const doses = await t.http.get(`/api/v1/clients/${client.id}/doses`).set(nurse.auth).expect(200);
    expect(doses.body.items).toEqual([expect.objectContaining({ voided: true, voidReason: '记错了服务对象' })] as Partial<Dose>[]);
    await web.goto('/dosing');
    await web.waitForText(`row-${client.code}`, '未服');
    await web.finish();
  });

  it.each(LANGUAGES)('shows the day sheet with its totals and downloads it as CSV and PDF (%s)', async (language) => {
    const { t, nurse, physician, counselor } = await setUpClinic();
    const observed = await makeClient(t, counselor, { familyName: '陈', givenName: '静', intakeDate: clinicDay(t) });
    const takeHome = await makeClient(t, counselor, { familyName: '王', givenName: '强', intakeDate: clinicDay(t) });
    await makeDoseOrder(t, physician, observed.id, { doseMg: 60 });
    await makeDoseOrder(t, physician, takeHome.id, { doseMg: 50, takeHomeDaysPerWeek: 2 });
    const record = (clientId: string, body: object) =>
      t.http.post(`/api/v1/clients/${clientId}/doses`).set(nurse.auth).send(body).expect(201);
    await record(observed.id, { doseMg: 60, kind: 'observed' });
    await record(takeHome.id, { doseMg: 50, kind: 'observed' });
    await record(takeHome.id, { doseMg: 50, kind: 'take_home', coversDays: 2 });

    const web = await WebPage.open(suite, language);
    await web.signIn(nurse.username, STAFF_PASSWORD);
    await web.page
      .getByRole('link', { name: language === 'en' ? 'Day sheet' : '发药登记' })
      .first()
      .click();
    await web.waitForText('total-mg', language === 'en' ? '210 mg' : '210 毫克');
    await web.waitForText('total-doses', '3');
    await web.waitForText('total-observed', language === 'en' ? '110 mg' : '110 毫克');
    await web.waitForText('total-take-home', language === 'en' ? '100 mg' : '100 毫克');
    await web.page.getByTestId(`sheet-${takeHome.code}`).first().waitFor();
    await web.checkAccessibility();
    await web.screenshot('nurse-day-sheet');

    const day = clinicDay(t);
    const [csv] = await Promise.all([web.page.waitForEvent('download'), web.page.getByTestId('export-csv').click()]);
    expect(csv.suggestedFilename()).toBe(`day-sheet-${day}.csv`);
    const text = readFileSync(await csv.path()).toString('utf8');
    expect(text).toContain(observed.code);
    expect(text).toContain(takeHome.code);
    const [pdf] = await Promise.all([web.page.waitForEvent('download'), web.page.getByTestId('export-pdf').click()]);
    expect(pdf.suggestedFilename()).toBe(`day-sheet-${day}.pdf`);
    const bytes = readFileSync(await pdf.path());
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    if (process.env.SCREENSHOTS === '1') await savePdfAsPng(bytes, `nurse-day-sheet-pdf.${language}.png`);

    // The day is the app's own date field, written in the staff member's language; the day before had no doses.
    const [y, m, d] = day.split('-').map(Number);
    const written =
      language === 'en'
        ? new Date(Date.UTC(y, m - 1, d)).toLocaleDateString('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' })
        : `${y}年${m}月${d}日`;
    await web.waitForText('sheet-date', written);
    await web.page.getByRole('button', { name: language === 'en' ? '← Previous day' : '← 前一天' }).click();
    await web.waitForText('total-doses', '0');
    await web.page.getByRole('button', { name: language === 'en' ? 'Next day →' : '后一天 →' }).click();
    await web.waitForText('total-doses', '3');
    await web.finish();
  });
});

/** Waits until the image is shown: loaded and decoded (an image the page may not show never gets a width). */
async function photoLoaded(web: WebPage, selector: string): Promise<void> {
  await web.page.waitForFunction((css) => {
    const img = document.querySelector<HTMLImageElement>(css);
    return img !== null && img.complete && img.naturalWidth > 0;
  }, selector);
}

/** A portrait-like picture drawn in the page (a head and shoulders), as PNG; with noise it is several MB. */
async function drawPortrait(web: WebPage, size: number, noise: boolean): Promise<Buffer> {
  const base64 = await web.page.evaluate(
    ([side, withNoise]) => {
      const canvas = document.createElement('canvas');
      canvas.width = side;
      canvas.height = Math.round(side * 1.25);
      const context = canvas.getContext('2d')!;
      const gradient = context.createLinearGradient(0, 0, 0, canvas.height);
      gradient.addColorStop(0, '#dfe7ef');
      gradient.addColorStop(1, '#9fb3c8');
      context.fillStyle = gradient;
      context.fillRect(0, 0, canvas.width, canvas.height);
      if (withNoise) {
        const image = context.getImageData(0, 0, canvas.width, canvas.height);
        for (let i = 0; i < image.data.length; i += 4) image.data[i] = Math.floor(Math.random() * 256);
        context.putImageData(image, 0, 0);
      }
      context.fillStyle = '#4a3b32';
      context.beginPath();
      context.arc(side / 2, side * 0.5, side * 0.2, 0, Math.PI * 2);
      context.fill();
      context.fillStyle = '#2f4858';
      context.beginPath();
      context.ellipse(side / 2, side * 1.2, side * 0.42, side * 0.45, 0, 0, Math.PI * 2);
      context.fill();
      return canvas.toDataURL('image/png').split(',')[1];
    },
    [size, noise] as const,
  );
  return Buffer.from(base64, 'base64');
}

/** The PDF's first page as a PNG in docs/screenshots (MuPDF, WebAssembly). */
async function savePdfAsPng(pdf: Buffer, name: string): Promise<void> {
  const specifier = 'mupdf'; // an ES module with its own types; loaded at run time
  const mupdf = await import(specifier);
  const document = mupdf.Document.openDocument(new Uint8Array(pdf), 'application/pdf');
  const pixmap = document.loadPage(0).toPixmap(mupdf.Matrix.scale(2, 2), mupdf.ColorSpace.DeviceRGB, false, true);
  const dir = join(process.cwd(), 'docs/screenshots');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, name), pixmap.asPNG() as Uint8Array);
}
