import { Role } from '@tongban/platform';
import { makeClinic, makeStaff, signInAdmin, SignedIn, STAFF_PASSWORD } from '../factories';
import { ProviderFake, startAliyunFake } from '../support/sms-provider-fakes';
import { startWebSuite, WebPage, WebSuite } from './support/browser';

/** The test machine is shared: a cold first page load can take longer than the harness's 15 seconds. */
const SLOW_MACHINE_MS = 30_000;
const TABLET = { width: 1024, height: 768 };

/**
 * A coordinator enters the clinic's approved Aliyun templates: the provider
 * in use from the server, a text the discretion rule refuses, the live
 * preview with sample values, and a test message to their own phone that the
 * (fake) provider receives, signed, as the template with its parameters.
 */
describe('web app: the clinic’s SMS templates', () => {
  let suite: WebSuite;
  let fake: ProviderFake;
  let admin: SignedIn;

  beforeAll(async () => {
    fake = await startAliyunFake('LTAI-web-key', 'aliyun-web-secret');
    suite = await startWebSuite({
      SMS_PROVIDER: 'aliyun',
      ALIYUN_SMS_ACCESS_KEY_ID: 'LTAI-web-key',
      ALIYUN_SMS_ACCESS_KEY_SECRET: 'aliyun-web-secret',
      ALIYUN_SMS_SIGN_NAME: '平安服务',
      ALIYUN_SMS_ENDPOINT: fake.url,
    });
    admin = await signInAdmin(suite.t);
  });
  afterAll(async () => {
    await suite?.close();
    await fake?.close();
  });

  it.each([
    [
      'zh-CN',
      '阿里云短信',
      '保存模板',
      '模板已保存。',
      '发送测试短信到我的手机',
      '测试短信已发送，请查看手机。',
      '文本含有不能出现在发给服务对象的消息中的词语。',
    ],
    [
      'en',
      'Alibaba Cloud SMS (阿里云短信)',
      'Save template',
      'Template saved.',
      'Send a test message to my phone',
      'Test message sent. Check your phone.',
      'The text contains words that must not appear in messages to clients.',
    ],
  ] as const)(
    'in %s: enters a template with a live preview, is refused an indiscreet text, and sends a test message',
    async (language, provider, save, saved, test, testSent, notDiscreet) => {
      const { t } = suite;
      const clinic = await makeClinic(t, admin);
      const coordinator = await makeStaff(t, admin, Role.Coordinator, clinic.id);
      const web = await WebPage.open(suite, language, TABLET);
      web.page.setDefaultTimeout(SLOW_MACHINE_MS);
      await web.signIn(coordinator.username, STAFF_PASSWORD);
      const { page } = web;
      await web.goto('/sms-templates');
      await web.waitForText('sms-provider', provider);

      const card = page.getByTestId('sms-template-appointment');
      await card.getByTestId('sms-template-missing').waitFor();
      await card.locator('input[name="templateCode"]').fill('SMS_460100001');
      await card.getByRole('checkbox', { name: /\$\{date\}/ }).check();
      await card.getByRole('checkbox', { name: /\$\{time\}/ }).check();
      await card.locator('textarea[name="previewText"]').fill('请于${date} ${time}来服药。');
      await web.waitForText('sms-preview', '请于12月5日 09:30来服药。');
      web.expectApiError(422);
      await card.getByRole('button', { name: save }).click();
      await card.getByRole('alert').filter({ hasText: notDiscreet }).waitFor();

      await card.locator('textarea[name="previewText"]').fill('您好，提醒您：您于${date} ${time}有一个预约。');
      await web.waitForText('sms-preview', '您好，提醒您：您于12月5日 09:30有一个预约。');
      await card.getByRole('button', { name: save }).click();
      await web.waitForText('sms-template-saved', saved);
      await card.getByTestId('sms-template-missing').waitFor({ state: 'detached' });
      await web.checkAccessibility();
      await web.screenshot('sms-templates', { maxHeight: 1400 });

      await card.locator('input[name="phone"]').fill('13800000555');
      await card.getByRole('button', { name: test }).click();
      await web.waitForText('sms-test-result', testSent);
      expect(fake.requests.at(-1)).toMatchObject({
        signatureValid: true,
        action: 'SendSms',
        signName: '平安服务',
        templateCode: 'SMS_460100001',
        phone: '13800000555',
        params: { date: '12月5日', time: '09:30' },
      });
      const stored = await t.http.get(`/api/v1/clinics/${clinic.id}/sms-templates`).set(coordinator.auth).expect(200);
      expect(stored.body.items).toEqual([
        expect.objectContaining({ kind: 'appointment', templateCode: 'SMS_460100001', params: ['date', 'time'] }),
      ]);
      await web.finish();
    },
  );
});
