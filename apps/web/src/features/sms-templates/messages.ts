import { registerMessages } from '../../i18n/i18n';

/** The clinic's SMS templates page (namespace `smsTemplates`). */
export const NS = 'smsTemplates';

registerMessages(NS, {
  en: {
    title: 'SMS templates',
    intro:
      'Aliyun and Tencent Cloud send only templates they approved in advance, with the clinic’s registered signature. Enter each approved template here: its code, its parameters in the template’s order, and its text as approved. Texts to clients and relatives may not name drugs, methadone, addiction or treatment.',
    clinic: 'Clinic',
    provider: 'SMS provider in use',
    providerName: {
      gateway: 'SMS gateway (free text)',
      aliyun: 'Alibaba Cloud SMS (阿里云短信)',
      tencent: 'Tencent Cloud SMS (腾讯云短信)',
    },
    gatewayHint:
      'The server sends SMS through the generic gateway, which takes the clinic’s own texts: these templates apply once it uses Aliyun or Tencent Cloud.',
    kind: {
      appointment: 'Counseling appointment',
      meeting: 'Peer-group meeting',
      missed_dose: 'Missed-dose follow-up',
      family_outreach: 'Family outreach',
      consent_expiry: 'Consent about to end (to staff)',
    },
    missing: 'No template yet: reminders of this kind fail as “template missing” when sent through Aliyun or Tencent Cloud.',
    templateCode: 'Template code',
    templateCodeHint: 'As the provider’s console shows it, e.g. SMS_123456789 or 1234567.',
    params: 'Parameters, in the template’s order',
    noParams: 'This kind fills no parameters: its template has none.',
    param: {
      when: 'Day and time (${when})',
      date: 'Day (${date})',
      time: 'Time (${time})',
      code: 'Client code (${code})',
      scope: 'Consent (${scope})',
      validUntil: 'Ends on (${validUntil})',
    },
    previewText: 'Approved text',
    previewTextHint: 'Exactly as approved, with ${name} where a parameter goes.',
    preview: 'Preview with sample values',
    save: 'Save template',
    saved: 'Template saved.',
    testPhone: 'My phone number',
    test: 'Send a test message to my phone',
    testSent: 'Test message sent. Check your phone.',
    testFailed: 'The test message was not sent: {{reason}}',
  },
  'zh-CN': {
    title: '短信模板',
    intro:
      '阿里云和腾讯云只发送事先审核通过的模板，并使用门诊已登记的签名。请在此录入每个已通过的模板：模板编号、按模板顺序的参数，以及审核通过的原文。发给服务对象和家属的文本不能提及毒品、美沙酮、成瘾或治疗。',
    clinic: '门诊',
    provider: '当前短信服务商',
    providerName: { gateway: '短信网关（自由文本）', aliyun: '阿里云短信', tencent: '腾讯云短信' },
    gatewayHint: '服务器目前通过通用网关发送短信，使用门诊自己的提醒文本；改用阿里云或腾讯云后，这些模板才会生效。',
    kind: {
      appointment: '心理咨询预约',
      meeting: '同伴小组活动',
      missed_dose: '漏服跟进',
      family_outreach: '联系家属',
      consent_expiry: '同意即将到期（发给员工）',
    },
    missing: '尚无模板：通过阿里云或腾讯云发送时，这类提醒会以“缺少模板”失败。',
    templateCode: '模板编号',
    templateCodeHint: '与服务商控制台显示的一致，例如 SMS_123456789 或 1234567。',
    params: '参数（按模板顺序）',
    noParams: '这类提醒不填任何参数：其模板不应有变量。',
    param: {
      when: '日期和时间（${when}）',
      date: '日期（${date}）',
      time: '时间（${time}）',
      code: '服务对象编号（${code}）',
      scope: '同意事项（${scope}）',
      validUntil: '到期日（${validUntil}）',
    },
    previewText: '审核通过的原文',
    previewTextHint: '与审核通过的完全一致，在参数位置写 ${name}。',
    preview: '示例预览',
    save: '保存模板',
    saved: '模板已保存。',
    testPhone: '我的手机号',
    test: '发送测试短信到我的手机',
    testSent: '测试短信已发送，请查看手机。',
    testFailed: '测试短信未发出：{{reason}}',
  },
});
