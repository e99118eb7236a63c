import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { WEB_DIR } from '@tongban/platform';
import { startTestApp, TestApp } from '../../support/test-app';

export type Language = 'zh-CN' | 'en';
export const LANGUAGES: Language[] = ['zh-CN', 'en'];

/** Debian's Chromium (`apt-get install chromium`; `.ci/run` installs it). */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOT_DIR = join(process.cwd(), 'docs/screenshots');
const axeSource = readFileSync(createRequire(join(process.cwd(), 'package.json')).resolve('axe-core/axe.min.js'), 'utf8');

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 860 };
/** How long a screen must stay without requests and loaders to count as settled. */
const QUIET_MS = 150;
/** The zone a test browser runs in unless the test sets another: that of the factories' clinics. */
export const DEVICE_TIME_ZONE = 'Asia/Shanghai';

export interface WebSuite {
  t: TestApp;
  baseUrl: string;
  browser: Browser;
  close(): Promise<void>;
}

/** The real API (with the built web app at `/`) listening on a free port, and a headless Chromium; `env` adds to the app's environment. */
export async function startWebSuite(env: Record<string, string> = {}): Promise<WebSuite> {
  if (!existsSync(join(WEB_DIR, 'index.html'))) throw new Error(`The web app is not built in ${WEB_DIR}: run npm run build.`);
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH).`);
  // As `npm start` runs on a laptop: reminders are delivered in this process (the queue path has its own suite).
  const t = await startTestApp({ REDIS_URL: '', ...env });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    t,
    baseUrl: t.baseUrl,
    browser,
    close: async () => {
      await browser.close();
      await t.close();
    },
  };
}

/**
 * A browser tab in one language. It records every console error and
 * uncaught exception; `finish()` fails the test if there was one that the
 * test did not announce (an API answer the test provokes on purpose, such as
 * a 422 rule error, is logged by Chromium as a failed resource load).
 */
export class WebPage {
  private readonly errors: string[] = [];
  private readonly allowed: number[] = [];
  /** Requests the tab has sent, and those still waiting for their answer. */
  private requestsSent = 0;
  private readonly inFlight = new Set<unknown>();
  private idle: Array<() => void> = [];

  private constructor(
    readonly page: Page,
    readonly language: Language,
    private readonly baseUrl: string,
  ) {
    page.on('console', (message) => {
      if (message.type() === 'error') this.errors.push(message.text());
    });
    page.on('pageerror', (error) => this.errors.push(`uncaught: ${error.message}`));
    page.on('request', (sent) => {
      this.requestsSent += 1;
      this.inFlight.add(sent);
    });
    const answered = (request: unknown) => {
      this.inFlight.delete(request);
      if (this.inFlight.size > 0) return;
      for (const resolve of this.idle.splice(0)) resolve();
    };
    page.on('requestfinished', answered);
    page.on('requestfailed', answered);
  }

  /** A tab in a new browser context; `timezoneId` is the zone the device is set to, which may differ from the clinic's. */
  static async open(suite: WebSuite, language: Language, viewport = DESKTOP, timezoneId = DEVICE_TIME_ZONE): Promise<WebPage> {
    const context = await suite.browser.newContext({ locale: language, viewport, timezoneId });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    return new WebPage(page, language, suite.baseUrl);
  }

  async goto(path = '/'): Promise<void> {
    await this.page.goto(`${this.baseUrl}${path}`);
  }

  /**
   * Opens a screen of the app already loaded as its own links do: through the router's history, without loading the
   * page again (a page load costs the app's start, about a second of Chromium's CPU on a shared machine).
   */
  async navigate(path: string): Promise<void> {
    await this.page.evaluate((to) => {
      window.history.pushState(null, '', to);
      window.dispatchEvent(new PopStateEvent('popstate'));
    }, path);
  }

  /** Signs in through the sign-in form and waits for the first screen. */
  async signIn(username: string, password: string): Promise<void> {
    await this.goto('/');
    await this.page.locator('input[name="username"]').fill(username);
    await this.page.locator('input[name="password"]').fill(password);
    await this.page.locator('button[type="submit"]').click();
    await this.page.waitForFunction(() => document.querySelector('[data-testid="whoami"]') !== null);
  }

  /** Opens a screen from the menu by its exact name (the worklist is every clinic role's first screen; the others are one click away). */
  async openFromMenu(name: string): Promise<void> {
    await this.page.getByRole('navigation').getByRole('link', { name, exact: true }).click();
  }

  /**
   * Waits until an element with this test id is shown with the text: a string anywhere in its text, whitespace
   * collapsed and case ignored, or a regular expression matching that text (as Playwright's `hasText`); shown, as
   * Playwright's `visible`: a box on the page and not `visibility: hidden`. Looked for at each frame, in the page:
   * a locator's `waitFor` looks again 20, 70, 170 and 270 ms after it starts, then only every 500 ms.
   */
  async waitForText(testId: string, text: string | RegExp): Promise<void> {
    const wanted = typeof text === 'string' ? { text, source: null, flags: '' } : { text: null, source: text.source, flags: text.flags };
    try {
      await this.page.waitForFunction(textShown, { testId, ...wanted });
    } catch (error) {
      const shown = await this.page
        .getByTestId(testId)
        .evaluateAll((elements) => elements.map((element) => (element.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 200)))
        .catch(() => []);
      throw new Error(`No element [data-testid="${testId}"] showed ${String(text)}; shown: ${JSON.stringify(shown)} (${String(error)})`);
    }
  }

  /**
   * Until every query of the screen has answered: no request in flight and no loader shown, and still so
   * {@link QUIET_MS} later (an answer may start the next query, a route's code may still be rendering). Playwright's
   * 'networkidle' waits 500 ms of silence each time.
   */
  async settled(): Promise<void> {
    for (;;) {
      if (this.inFlight.size > 0) await new Promise<void>((resolve) => this.idle.push(resolve));
      const sent = this.requestsSent;
      await this.page.waitForFunction(() => document.querySelector('.mantine-Loader-root') === null);
      await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
      if (this.inFlight.size === 0 && this.requestsSent === sent && (await this.page.locator('.mantine-Loader-root').count()) === 0) return;
    }
  }

  /** The test is about to provoke an API answer with this status; its console line is expected. */
  expectApiError(status: number): void {
    this.allowed.push(status);
  }

  /** axe-core on the current screen: no serious or critical violations. */
  async checkAccessibility(): Promise<void> {
    // A dialog still fading in has text at partial opacity: measure contrast once transitions have ended. A
    // transition starts a frame or two after its element mounts, so look again after frames until none runs.
    await this.page.evaluate(async () => {
      const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
      for (let round = 0; round < 20; round++) {
        await frame();
        await frame();
        // Endless ones (a spinner) never finish: only those that end are waited for.
        const running = document.getAnimations().filter((animation) => animation.effect?.getComputedTiming().endTime !== Infinity);
        if (running.length === 0) return;
        await Promise.all(running.map((animation) => animation.finished.catch(() => undefined)));
      }
    });
    // Once per page load: a second check of the same page (another viewport) finds it there.
    if (!(await this.page.evaluate(() => 'axe' in window))) await this.page.evaluate(axeSource);
    const violations = await this.page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> } }).axe;
      const result = await axe.run(document, { resultTypes: ['violations'] });
      return result.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
    });
    expect(violations).toEqual([]);
  }

  /** The names of the dialogs in the page, closing ones included: the text each one's `aria-labelledby` points to. */
  async dialogNames(): Promise<Array<string | null>> {
    return this.page.evaluate(() =>
      [...document.querySelectorAll('[role="dialog"]')].map((dialog) => {
        const id = dialog.getAttribute('aria-labelledby');
        return (id && document.getElementById(id)?.textContent) || null;
      }),
    );
  }

  /**
   * With SCREENSHOTS=1 (`npm run screenshots`), saves docs/screenshots/<name>.<language>.png: the whole page,
   * or with `maxHeight` its top down to that many pixels (a long list need not make a large file).
   */
  async screenshot(name: string, { maxHeight }: { maxHeight?: number } = {}): Promise<void> {
    if (process.env.SCREENSHOTS !== '1') return;
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const path = join(SCREENSHOT_DIR, `${name}.${this.language}.png`);
    if (maxHeight === undefined) {
      await this.page.screenshot({ path, fullPage: true });
      return;
    }
    const page = await this.page.evaluate(() => ({
      width: document.documentElement.clientWidth,
      height: document.documentElement.scrollHeight,
    }));
    await this.page.screenshot({ path, fullPage: true, clip: { x: 0, y: 0, width: page.width, height: Math.min(page.height, maxHeight) } });
  }

  /** Closes the tab; fails on any console error or uncaught exception the test did not expect. */
  async finish(): Promise<void> {
    const unexpected = this.errors.filter((text) => {
      const status = /status of (\d{3})/.exec(text)?.[1];
      const index = status ? this.allowed.indexOf(Number(status)) : -1;
      if (index === -1) return true;
      this.allowed.splice(index, 1);
      return false;
    });
    await this.page.context().close();
    expect(unexpected).toEqual([]);
  }
}

/** In the page: whether an element with the test id is shown with the text ({@link WebPage.waitForText}). */
function textShown({
  testId,
  text,
  source,
  flags,
}: {
  testId: string;
  text: string | null;
  source: string | null;
  flags: string;
}): boolean {
  const collapse = (value: string) => value.replace(/\s+/g, ' ').trim();
  const pattern = source === null ? null : new RegExp(source, flags);
  const needle = text === null ? '' : collapse(text).toLowerCase();
  return [...document.querySelectorAll(`[data-testid="${CSS.escape(testId)}"]`)].some((element) => {
    if (element.getClientRects().length === 0 || getComputedStyle(element).visibility === 'hidden') return false;
    const content = collapse(element.textContent ?? '');
    return pattern ? pattern.test(content) : content.toLowerCase().includes(needle);
  });
}

/**
 * Chooses `day` (`YYYY-MM-DD`) in the app's date picker whose field has this
 * test id: the calendar opens on the month of the field's date (or this
 * month); another month is chosen from its year's months, a year at a time.
 */
export async function pickDate(page: Page, testId: string, day: string): Promise<void> {
  await page.getByTestId(testId).click();
  const shown = (await page.locator('button[data-date]:not([data-outside])').first().getAttribute('data-date')) ?? '';
  if (shown.slice(0, 7) !== day.slice(0, 7)) {
    await page.locator('button[data-level-control]').click();
    const [from, to] = [Number(shown.slice(0, 4)), Number(day.slice(0, 4))];
    for (let year = from; year !== to; year += to > year ? 1 : -1) {
      await page.locator(`button[data-direction="${to > year ? 'next' : 'previous'}"]`).click();
    }
    await page.locator(`button[data-month="${day.slice(0, 7)}"]`).click();
  }
  const cell = page.locator(`button[data-date="${day}"]:not([data-outside])`);
  await cell.click();
  // The calendar closes on the choice; gone, it cannot be taken for the next field's.
  await cell.waitFor({ state: 'detached' });
}

/** Types `HH:MM` into the app's time field with this test id (hours, then minutes), and leaves it so its list closes. */
export async function fillTime(page: Page, testId: string, time: string): Promise<void> {
  const [hours, minutes] = time.split(':');
  const fields = page.getByTestId(testId).getByRole('spinbutton');
  await fields.nth(0).fill(hours);
  await fields.nth(1).fill(minutes);
  await fields.nth(1).blur();
}

/** A clinic wall-clock time (`YYYY-MM-DDTHH:MM`) in the app's date-and-time field with this test id. */
export async function fillDateTime(page: Page, testId: string, value: string): Promise<void> {
  const [day, time] = value.split('T');
  await pickDate(page, `${testId}-date`, day);
  await fillTime(page, `${testId}-time`, time);
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}
