import fc from 'fast-check';
import { REMINDER_KINDS } from '../entities/reminder.entity';
import { INDISCREET_WORDS_EN, INDISCREET_WORDS_ZH } from './discretion';
import {
  fillSmsTemplate,
  SMS_SAMPLE_VALUES,
  SMS_TEMPLATE_PARAMS,
  smsPlaceholders,
  smsTemplateProblems,
  smsTemplateValues,
} from './sms-templates';

describe('SMS templates', () => {
  it('accepts a discreet approved text whose placeholders are declared parameters the kind can fill', () => {
    expect(smsTemplateProblems('appointment', ['date', 'time'], '您好，提醒您：您于${date} ${time}有一个预约。')).toEqual([]);
    expect(smsTemplateProblems('meeting', ['when'], 'Hello, the group meets ${when}.')).toEqual([]);
    expect(smsTemplateProblems('missed_dose', [], '您好，我们昨天没有见到您，一切都好吗？')).toEqual([]);
  });

  it('names a parameter the kind cannot fill, one named twice, and a placeholder not declared', () => {
    expect(smsTemplateProblems('appointment', ['when', 'note', 'when'], '${when} ${place}')).toEqual([
      { field: 'params', kind: 'unknown', name: 'note' },
      { field: 'params', kind: 'repeated', name: 'when' },
      { field: 'previewText', kind: 'undeclared', name: 'place' },
    ]);
    expect(smsTemplateProblems('family_outreach', ['code'], '您好')).toEqual([{ field: 'params', kind: 'unknown', name: 'code' }]);
  });

  it('never lets the free-text note be a parameter, of any kind', () => {
    for (const kind of REMINDER_KINDS) expect(SMS_TEMPLATE_PARAMS[kind]).not.toContain('note');
    expect(smsTemplateValues({ when: '明天 09:30', note: 'anything at all' })).toEqual({ when: '明天 09:30' });
  });

  it('refuses, in either language, a text to clients or relatives that names any word of the discretion rule, hidden or not', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...INDISCREET_WORDS_EN, ...INDISCREET_WORDS_ZH),
        fc.constantFrom<'appointment' | 'meeting' | 'missed_dose' | 'family_outreach'>(
          'appointment',
          'meeting',
          'missed_dose',
          'family_outreach',
        ),
        fc.constantFrom('Hello, ', '您好，', ''),
        fc.constantFrom(
          (word: string) => word,
          (word: string) => word.toUpperCase(),
          (word: string) => [...word].join(' '),
        ),
        (word, kind, greeting, disguise) => {
          const problems = smsTemplateProblems(kind, [], `${greeting}${disguise(word)}`);
          expect(problems).toEqual([expect.objectContaining({ field: 'previewText', kind: 'indiscreet' })]);
        },
      ),
    );
  });

  it('lets a notice to staff name treatment', () => {
    expect(smsTemplateProblems('consent_expiry', ['code'], '来访者${code}的治疗同意即将到期')).toEqual([]);
  });

  it('fills placeholders as the provider will, and the samples fill every parameter', () => {
    expect(smsPlaceholders('${date} at ${time}, ${date}')).toEqual(['date', 'time', 'date']);
    expect(fillSmsTemplate('您于${date} ${time}有一个预约。', SMS_SAMPLE_VALUES)).toBe('您于12月5日 09:30有一个预约。');
    for (const name of Object.values(SMS_TEMPLATE_PARAMS).flat()) expect(SMS_SAMPLE_VALUES[name]).toBeTruthy();
  });
});
