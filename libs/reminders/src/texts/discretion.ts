/**
 * What a text to a client or a relative must never say (product.md,
 * "Reminders"): phones are often shared, and a message that names drugs,
 * methadone, addiction, treatment or what the clinic is for tells whoever
 * reads it that the person is a client. The list is product.md's, plus close
 * variants. Matching is deliberately blunt (case-insensitive, after Unicode
 * normalisation, on word starts for Latin words and anywhere for Chinese),
 * so it refuses a harmless text now and then rather than let one slip.
 */
export const INDISCREET_WORDS_EN: readonly string[] = [
  'methadone',
  'drug',
  'dose',
  'dosing',
  'dosage',
  'overdose',
  'addict',
  'opioid',
  'opiate',
  'heroin',
  'treatment',
  'narcotic',
  'rehab',
  'detox',
  'withdrawal',
  'substance',
  'mmt',
];

export const INDISCREET_WORDS_ZH: readonly string[] = [
  '美沙酮',
  '毒',
  '戒毒',
  '成瘾',
  '上瘾',
  '阿片',
  '海洛因',
  '治疗',
  '剂量',
  '服药',
  '药物',
  '脱瘾',
  '美沙',
];

const INVISIBLE = /[\u00AD\u200B-\u200F\u2060-\u2064\uFEFF]/g;

function normalise(text: string): string {
  return text.normalize('NFKC').replace(INVISIBLE, '').toLowerCase();
}

const LATIN = new RegExp(`(?<![a-z])(${INDISCREET_WORDS_EN.join('|')})`, 'g');

/** The words of the lists that `text` contains (empty when it is discreet). */
export function indiscreetWords(text: string): string[] {
  const plain = normalise(text);
  const found = new Set<string>();
  for (const match of plain.matchAll(LATIN)) found.add(match[1]);
  for (const word of INDISCREET_WORDS_ZH) if (plain.includes(word)) found.add(word);
  return [...found];
}

export function isDiscreet(text: string): boolean {
  return indiscreetWords(text).length === 0;
}
