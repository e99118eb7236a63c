import { cjkFont, newPdfDocument } from '@tongban/platform';
import { DaySheetDoseDto, DaySheetDto, DaySheetLanguage } from './day-sheet.dto';

/** The labels of the day sheet, in each language it is printed in. */
const LABELS: Record<DaySheetLanguage, Record<string, string>> = {
  'zh-CN': {
    title: '发药登记',
    clinic: '门诊',
    date: '日期',
    code: '编号',
    name: '姓名',
    kind: '方式',
    observed: '服药',
    take_home: '带药',
    part: '分次',
    doseMg: '剂量 (mg)',
    coversDays: '带药天数',
    totalMg: '合计 (mg)',
    recordedBy: '发药人',
    recordedAt: '时间',
    voided: '作废',
    voidReason: '作废原因',
    yes: '是',
    doses: '发药记录',
    observedMg: '服药 (mg)',
    takeHomeMg: '带药 (mg)',
    allMg: '美沙酮合计 (mg)',
    none: '当日无发药记录',
    page: '页',
    guest: '外院 · ',
  },
  en: {
    title: 'Dispensing record',
    clinic: 'Clinic',
    date: 'Date',
    code: 'Code',
    name: 'Name',
    kind: 'Kind',
    observed: 'observed',
    take_home: 'take-home',
    part: 'Part',
    doseMg: 'Dose (mg)',
    coversDays: 'Days home',
    totalMg: 'Total (mg)',
    recordedBy: 'Given by',
    recordedAt: 'Time',
    voided: 'Voided',
    voidReason: 'Void reason',
    yes: 'yes',
    doses: 'Dose records',
    observedMg: 'Observed (mg)',
    takeHomeMg: 'Take-home (mg)',
    allMg: 'Methadone dispensed (mg)',
    none: 'No doses recorded this day',
    page: 'page',
    guest: 'Guest · ',
  },
};

/** The language of a request: `lang` when given, else the first of Accept-Language that is Chinese or English; Chinese by default. */
export function daySheetLanguage(lang: DaySheetLanguage | undefined, acceptLanguage: string | undefined): DaySheetLanguage {
  if (lang) return lang;
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.split(';')[0].trim().toLowerCase();
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en';
  }
  return 'zh-CN';
}

/** The name column: the client's name, or for a guest (guest dosing) the home clinic's code, as the window marks guests. */
function fullName(dose: DaySheetDoseDto, lang: DaySheetLanguage): string {
  if (dose.guest) return `${LABELS[lang].guest}${dose.guest.homeClinicCode}`;
  const name = lang === 'zh-CN' ? `${dose.familyName}${dose.givenName}` : `${dose.givenName} ${dose.familyName}`;
  return dose.preferredName ? `${name} (${dose.preferredName})` : name;
}

/** The time of day a dose was recorded, in the clinic's time zone (HH:MM). */
function timeOf(instant: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(instant));
}

type CsvValue = string | number | null;

/** One field as RFC 4180 wants it; a text a spreadsheet would run as a formula is prefixed with a quote mark. */
function csvField(value: CsvValue): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function row(dose: DaySheetDoseDto, lang: DaySheetLanguage, timeZone: string): CsvValue[] {
  const l = LABELS[lang];
  return [
    dose.code,
    fullName(dose, lang),
    l[dose.kind] ?? dose.kind,
    dose.part,
    dose.doseMg,
    dose.coversDays,
    dose.voided ? 0 : dose.doseMg * Math.max(1, dose.coversDays),
    dose.recordedBy?.displayName ?? '',
    timeOf(dose.recordedAt, timeZone),
    dose.voided ? l.yes : '',
    dose.voidReason,
  ];
}

const COLUMNS = ['code', 'name', 'kind', 'part', 'doseMg', 'coversDays', 'totalMg', 'recordedBy', 'recordedAt', 'voided', 'voidReason'];

/** The day sheet as CSV: UTF-8 with a byte order mark (Excel reads Chinese then), a header row, CRLF line ends. */
export function daySheetCsv(sheet: DaySheetDto, lang: DaySheetLanguage, timeZone: string): Buffer {
  const l = LABELS[lang];
  const lines = [COLUMNS.map((column) => l[column]), ...sheet.doses.map((dose) => row(dose, lang, timeZone))];
  return Buffer.from('\uFEFF' + lines.map((line) => line.map(csvField).join(',')).join('\r\n') + '\r\n', 'utf8');
}

const MARGIN = 36;
const ROW = 14;
const WIDTHS = [70, 110, 50, 30, 55, 50, 60, 90, 40, 35, 180];

/**
 * The day sheet as a printable PDF: A4 landscape, Noto Sans SC (Chinese
 * names render; pdfkit embeds only the glyphs used), the clinic and the day,
 * one row a dose (voided ones marked), the totals for the stock count. One
 * page while the rows fit (about 30), more when they do not.
 */
export async function daySheetPdf(
  sheet: DaySheetDto,
  clinic: { code: string; name: string },
  lang: DaySheetLanguage,
  timeZone: string,
): Promise<Buffer> {
  const l = LABELS[lang];
  const doc = await newPdfDocument({
    size: 'A4',
    layout: 'landscape',
    margins: { top: MARGIN, left: MARGIN, right: MARGIN, bottom: 20 },
    info: { Title: `${l.title} ${clinic.code} ${sheet.date}`, Producer: 'Tongban' },
  });
  const done = new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('body', await cjkFont());
  doc.font('body');
  doc.fontSize(16).text(`${l.title}  ${clinic.name} (${clinic.code})`, MARGIN, MARGIN);
  doc.fontSize(10).text(`${l.date}: ${sheet.date}`);
  const bottom = doc.page.height - 80;
  let y = doc.y + 10;
  const header = (): void => {
    let x = MARGIN;
    doc.fontSize(8).fillColor('#333333');
    COLUMNS.forEach((column, i) => {
      doc.text(l[column], x, y, { width: WIDTHS[i] - 4, lineBreak: false });
      x += WIDTHS[i];
    });
    y += ROW;
    doc
      .moveTo(MARGIN, y - 3)
      .lineTo(doc.page.width - MARGIN, y - 3)
      .strokeColor('#999999')
      .stroke();
  };
  header();
  if (sheet.doses.length === 0) {
    doc.fontSize(9).fillColor('#666666').text(l.none, MARGIN, y);
    y += ROW;
  }
  for (const dose of sheet.doses) {
    if (y > bottom) {
      doc.addPage();
      y = MARGIN;
      header();
    }
    let x = MARGIN;
    doc.fontSize(8).fillColor(dose.voided ? '#999999' : '#1a1a1a');
    row(dose, lang, timeZone).forEach((value, i) => {
      doc.text(value === null ? '' : String(value), x, y, {
        width: WIDTHS[i] - 4,
        lineBreak: false,
        ellipsis: true,
        strike: dose.voided && i < 7,
      });
      x += WIDTHS[i];
    });
    y += ROW;
  }
  y += 6;
  const { totals } = sheet;
  doc
    .fontSize(10)
    .fillColor('#1a1a1a')
    .text(
      `${l.doses}: ${totals.doses}    ${l.observedMg}: ${totals.observedMg}    ${l.takeHomeMg}: ${totals.takeHomeMg}    ${l.allMg}: ${totals.totalMg}`,
      MARGIN,
      y,
      { lineBreak: false },
    );
  doc.end();
  return done;
}
