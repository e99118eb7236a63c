/**
 * What a text to a client or a relative must never say (product.md,
 * "Reminders"): phones are often shared, and a message that names drugs,
 * methadone, addiction, treatment or what the clinic is for tells whoever
 * reads it that the person is a client. The list is product.md's, plus close
 * variants. Matching is deliberately blunt (anywhere in the text's
 * skeleton: see {@link discretionSkeleton}), so it refuses a harmless text
 * now and then rather than let one slip.
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

/** Capital Greek and Cyrillic letters that look like Latin ones (before lower-casing, which would turn Η into η, an n). */
const CAPITAL_LOOKALIKES: Record<string, string> = {
  Α: 'a',
  Β: 'b',
  Ε: 'e',
  Ζ: 'z',
  Η: 'h',
  Ι: 'i',
  Κ: 'k',
  Μ: 'm',
  Ν: 'n',
  Ο: 'o',
  Ρ: 'p',
  Τ: 't',
  Υ: 'y',
  Χ: 'x',
  А: 'a',
  В: 'b',
  Е: 'e',
  К: 'k',
  М: 'm',
  Н: 'h',
  О: 'o',
  Р: 'p',
  С: 'c',
  Т: 't',
  Х: 'x',
  У: 'y',
  Ѕ: 's',
  І: 'i',
  Ј: 'j',
  Ӏ: 'i',
};

/** Small Greek and Cyrillic letters that look like Latin ones, and digits and signs written for letters. */
const SMALL_LOOKALIKES: Record<string, string> = {
  α: 'a',
  β: 'b',
  ε: 'e',
  η: 'n',
  ι: 'i',
  κ: 'k',
  μ: 'm',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  ω: 'w',
  ϲ: 'c',
  ς: 's',
  а: 'a',
  в: 'b',
  е: 'e',
  ё: 'e',
  і: 'i',
  ї: 'i',
  ј: 'j',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  ѕ: 's',
  ԁ: 'd',
  һ: 'h',
  ӏ: 'i',
  ԛ: 'q',
  ԝ: 'w',
  ɡ: 'g',
  ı: 'i',
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '@': 'a',
  $: 's',
  '!': 'i',
  '|': 'i',
};

const CAPITALS = new RegExp(`[${Object.keys(CAPITAL_LOOKALIKES).join('')}]`, 'g');
const SMALLS = new RegExp(`[${Object.keys(SMALL_LOOKALIKES).join('').replace(/[$|!]/g, '\\$&')}]`, 'g');

/**
 * The skeleton a text is matched in, and each listed word too: NFKC (full
 * width, ligatures), look-alike capitals, lower case, accents stripped,
 * look-alike letters and digits for letters (0→o, 1→i, 3→e, 4→a, 5→s,
 * 7→t; `l` also reads as `i`, `rn` as `m`), and everything that is not a
 * letter or digit removed (spaces, hyphens, dots, underscores, zero-width
 * characters), so `美 沙 酮`, `meth-adone`, `m3thadone`, `M.M.T.`, `Ｍｅｔｈａｄｏｎｅ`
 * and a Cyrillic `е` in `mеthadone` all read as the word they hide.
 */
export function discretionSkeleton(text: string): string {
  return text
    .normalize('NFKC')
    .replace(CAPITALS, (c) => CAPITAL_LOOKALIKES[c])
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(SMALLS, (c) => SMALL_LOOKALIKES[c])
    .replace(/l/g, 'i')
    .replace(/rn/g, 'm')
    .replace(/[^\p{L}\p{N}]/gu, '');
}

const SKELETONS: ReadonlyArray<[skeleton: string, word: string]> = [...INDISCREET_WORDS_EN, ...INDISCREET_WORDS_ZH].map((word) => [
  discretionSkeleton(word),
  word,
]);

/**
 * The words of the lists that `text` contains (empty when it is discreet),
 * matched anywhere in its {@link discretionSkeleton}: a word split by spaces
 * or dots is found, at the price of a rare harmless text refused.
 */
export function indiscreetWords(text: string): string[] {
  const plain = discretionSkeleton(text);
  const found = new Set<string>();
  for (const [skeleton, word] of SKELETONS) if (plain.includes(skeleton)) found.add(word);
  return [...found];
}

export function isDiscreet(text: string): boolean {
  return indiscreetWords(text).length === 0;
}
