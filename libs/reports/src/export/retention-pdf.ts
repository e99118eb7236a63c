import { cjkFont, newPdfDocument } from '@tongban/platform';
import { ReportLanguage } from '../dto/report-query.dto';
import { CurvePoint, LANDMARK_COMPARISONS, RetentionFigures, RetentionSeries } from '../retention/retention-analysis';
import { RetentionReport } from '../reports.types';
import { RETENTION_PDF_TEXT, RetentionPdfText } from './report-language';

type Doc = PDFKit.PDFDocument;

const MARGIN = 50;
const CONTENT_WIDTH = 595.28 - 2 * MARGIN;
const PLOT = { left: 95, top: 215, width: 440, height: 230 };
const TABLE_TOP = 530;
const TABLE_BOTTOM = 790;
const ROW = 14;
const INK = '#1a1a1a';
const MUTED = '#666666';
const CURVE = '#1f4e79';
const BAND = '#9ec5e8';

/** Colours of the groups' curves (their bands in the same colour, lighter); the overall curve is drawn alone without groups. */
const GROUP_COLOURS = ['#1f4e79', '#c55a11', '#548235', '#7030a0', '#bf9000', '#2e75b6', '#7f7f7f', '#833c0b'];
const GROUP_BANDS = ['#9ec5e8', '#f4b183', '#a9d18e', '#c9a6e4', '#ffd966', '#9dc3e6', '#d9d9d9', '#e6b9a6'];
/** Groups smaller than this are marked: their curves say little. */
const SMALL_GROUP = 10;

/**
 * The retention report on one A4 page: the clinic's name (in Noto Sans SC,
 * so Chinese names render; pdfkit embeds only the glyphs used), the selection,
 * the counts and retention at 3, 6 and 12 months, the Kaplan-Meier curve of
 * all episodes with its 95% band, and the groups with the log-rank test when
 * the report compares. No client is named or counted individually.
 */
export async function retentionPdf(report: RetentionReport, lang: ReportLanguage = 'en'): Promise<Buffer> {
  const text = RETENTION_PDF_TEXT[lang];
  const font = await cjkFont();
  const doc = await newPdfDocument({
    size: 'A4',
    // A small bottom margin leaves room for the footer line: text below the margin would start a second page.
    margins: { top: MARGIN, left: MARGIN, right: MARGIN, bottom: 20 },
    info: { Title: `${text.title} ${report.clinic.code} ${report.asOf}`, Producer: 'Tongban' },
    lang,
  });
  const done = collect(doc);
  doc.registerFont('body', font);
  doc.font('body');
  header(doc, report, text);
  figures(doc, report, text);
  chart(doc, report, text);
  groups(doc, report, text);
  footer(doc, report, text);
  doc.end();
  return done;
}

function collect(doc: Doc): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

function comparisonLabel(report: RetentionReport, text: RetentionPdfText): string {
  const label = text.comparison[report.compare];
  if (report.compare === 'cohort') return `${label} (${text.cohortBy[report.cohortBy]})`;
  if (LANDMARK_COMPARISONS.includes(report.compare)) return `${label}, ${text.landmark(report.landmarkDays)}`;
  return label;
}

function header(doc: Doc, report: RetentionReport, text: RetentionPdfText): void {
  doc.fillColor(INK).fontSize(18).text(report.clinic.name, MARGIN, MARGIN, { width: CONTENT_WIDTH, height: 26, ellipsis: true });
  doc.fillColor(MUTED).fontSize(11).text(text.title, MARGIN, 80, { width: CONTENT_WIDTH, lineBreak: false });
  doc
    .fontSize(9)
    .text(
      `${text.asOf} ${report.asOf}    ${text.selection(report.from, report.to)}    ${text.comparedBy}: ${comparisonLabel(report, text)}`,
      MARGIN,
      100,
      { width: CONTENT_WIDTH, lineBreak: false },
    );
}

function figures(doc: Doc, report: RetentionReport, text: RetentionPdfText): void {
  const { analysis } = report;
  const cells: Array<[string, string]> = [
    [text.episodes, String(analysis.episodes)],
    [text.dropouts, String(analysis.events)],
    [text.censored, String(analysis.censored)],
    [text.months(3, 91), percent(analysis.retention.m3)],
    [text.months(6, 183), percent(analysis.retention.m6)],
    [text.months(12, 365), percent(analysis.retention.m12)],
  ];
  const width = CONTENT_WIDTH / cells.length;
  cells.forEach(([label, value], i) => {
    const x = MARGIN + i * width;
    doc
      .fillColor(MUTED)
      .fontSize(8)
      .text(label, x, 125, { width: width - 6, lineBreak: false });
    doc
      .fillColor(INK)
      .fontSize(15)
      .text(value, x, 137, { width: width - 6, lineBreak: false });
  });
}

/**
 * The Kaplan-Meier curves with their 95% bands, each drawn flat to the end of
 * its follow-up (the last day any episode was followed, censored or not):
 * without groups the curve of all episodes; with groups each group's in its
 * own colour (cohorts in date order), with a legend.
 */
function chart(doc: Doc, report: RetentionReport, text: RetentionPdfText): void {
  const { analysis } = report;
  const drawn: Array<{ series: RetentionSeries; colour: string; band: string }> =
    analysis.groups && analysis.groups.length > 0
      ? analysis.groups
          .filter((group) => group.episodes > 0)
          .slice(0, GROUP_COLOURS.length)
          .map((group, i) => ({ series: group, colour: GROUP_COLOURS[i], band: GROUP_BANDS[i] }))
      : [{ series: analysis, colour: CURVE, band: BAND }];
  const end = Math.max(1, ...drawn.map(({ series }) => Math.max(series.followUp, series.curve[series.curve.length - 1].day)));
  const xStep = niceStep(end / 6);
  const xEnd = Math.max(xStep, Math.ceil(end / xStep) * xStep);
  const x = (day: number) => PLOT.left + (day / xEnd) * PLOT.width;
  const y = (survival: number) => PLOT.top + (1 - survival) * PLOT.height;
  const bottom = PLOT.top + PLOT.height;
  doc
    .fillColor(INK)
    .fontSize(10)
    .text(analysis.groups ? text.groupsChartTitle : text.chartTitle, MARGIN, 172, { width: CONTENT_WIDTH, lineBreak: false });
  doc
    .fillColor(MUTED)
    .fontSize(7.5)
    .text(`${text.followUp(end)} ${text.help}`, MARGIN, 186, { width: CONTENT_WIDTH, height: 22, ellipsis: true });
  // Grid and axes.
  doc.lineWidth(0.5).strokeColor('#d9d9d9');
  for (const s of [0.25, 0.5, 0.75, 1])
    doc
      .moveTo(PLOT.left, y(s))
      .lineTo(PLOT.left + PLOT.width, y(s))
      .stroke();
  doc.strokeColor(INK).lineWidth(0.8);
  doc
    .moveTo(PLOT.left, PLOT.top)
    .lineTo(PLOT.left, bottom)
    .lineTo(PLOT.left + PLOT.width, bottom)
    .stroke();
  doc.fillColor(MUTED).fontSize(8);
  for (const s of [0, 0.25, 0.5, 0.75, 1])
    doc.text(`${s * 100}%`, PLOT.left - 40, y(s) - 5, { width: 34, align: 'right', lineBreak: false });
  for (let day = 0; day <= xEnd + 1e-9; day += xStep) {
    doc
      .moveTo(x(day), bottom)
      .lineTo(x(day), bottom + 3)
      .stroke();
    doc.text(String(day), x(day) - 20, bottom + 5, { width: 40, align: 'center', lineBreak: false });
  }
  const landmark = LANDMARK_COMPARISONS.includes(report.compare);
  doc.text(landmark ? text.daysSinceLandmark : text.daysSinceStart, PLOT.left, bottom + 18, {
    width: PLOT.width,
    align: 'center',
    lineBreak: false,
  });
  const opacity = drawn.length > 1 ? 0.45 : 0.55;
  for (const { series, band } of drawn) {
    const polygon = bandPolygon(series.curve, series.followUp, x, y);
    if (polygon.length > 0)
      doc
        .save()
        .fillColor(band)
        .fillOpacity(opacity)
        .polygon(...polygon)
        .fill()
        .restore();
  }
  for (const { series, colour } of drawn) {
    const last = series.curve[series.curve.length - 1];
    const steps = stepLine(series.curve, Math.max(series.followUp, last.day), x, y);
    doc.save().strokeColor(colour).lineWidth(1.6).moveTo(steps[0][0], steps[0][1]);
    for (const [px, py] of steps.slice(1)) doc.lineTo(px, py);
    doc.stroke().restore();
  }
  if (analysis.groups && drawn.length > 0) {
    // Legend, in the groups' order (cohorts by date), top right of the plot.
    drawn.forEach(({ series, colour }, i) => {
      const key = 'key' in series ? String((series as { key: string }).key) : '';
      const ly = PLOT.top + 4 + i * 11;
      doc
        .save()
        .fillColor(colour)
        .rect(PLOT.left + PLOT.width - 110, ly + 2, 10, 4)
        .fill()
        .restore();
      doc
        .fillColor(INK)
        .fontSize(7.5)
        .text(`${text.groupKey(key)} (n=${series.episodes})`, PLOT.left + PLOT.width - 96, ly, { width: 96, lineBreak: false });
    });
  }
  if (analysis.episodes === 0) {
    doc
      .fillColor(MUTED)
      .fontSize(10)
      .text(text.noEpisodes, PLOT.left + 10, PLOT.top + 40, { lineBreak: false });
  }
}

/** The curve as a step function, from day 0 to the end of follow-up. */
function stepLine(curve: readonly CurvePoint[], end: number, x: (d: number) => number, y: (s: number) => number): number[][] {
  const points: number[][] = [
    [x(curve[0].day), y(1)],
    [x(curve[0].day), y(curve[0].survival)],
  ];
  for (let i = 1; i < curve.length; i++) {
    points.push([x(curve[i].day), y(curve[i - 1].survival)], [x(curve[i].day), y(curve[i].survival)]);
  }
  points.push([x(end), y(curve[curve.length - 1].survival)]);
  return points;
}

/** The band as one polygon of steps (upper edge forward, lower edge back), up to where it is undefined (survival 0). */
function bandPolygon(curve: readonly CurvePoint[], followUp: number, x: (d: number) => number, y: (s: number) => number): number[][] {
  const spans: Array<{ from: number; to: number; lower: number; upper: number }> = [];
  for (let i = 0; i < curve.length; i++) {
    const { lower, upper } = curve[i];
    if (lower === null || upper === null) break;
    const to = i + 1 < curve.length ? curve[i + 1].day : Math.max(followUp, curve[i].day);
    if (to > curve[i].day) spans.push({ from: curve[i].day, to, lower, upper });
  }
  if (spans.length === 0) return [];
  const upperEdge = spans.flatMap((span) => [
    [x(span.from), y(span.upper)],
    [x(span.to), y(span.upper)],
  ]);
  const lowerEdge = [...spans].reverse().flatMap((span) => [
    [x(span.to), y(span.lower)],
    [x(span.from), y(span.lower)],
  ]);
  return [...upperEdge, ...lowerEdge];
}

function groups(doc: Doc, report: RetentionReport, text: RetentionPdfText): void {
  const { analysis } = report;
  if (!analysis.groups) return;
  const landmark = LANDMARK_COMPARISONS.includes(report.compare);
  const test = analysis.logRank;
  doc
    .fillColor(INK)
    .fontSize(10)
    .text(`${text.groups}: ${comparisonLabel(report, text)}`, MARGIN, 478, { width: 240, lineBreak: false });
  if (test) {
    doc.fontSize(9).text(text.logRank(test.chiSquare.toFixed(2), formatP(test.pValue)), MARGIN + 250, 479, { lineBreak: false });
  }
  const notes = [
    ...(landmark ? [text.landmarkNote(report.landmarkDays, report.compare === 'peer_support')] : []),
    ...(analysis.groups.some((g) => g.episodes > 0 && g.episodes < SMALL_GROUP) ? [text.smallGroups] : []),
  ];
  if (notes.length > 0) {
    doc.fillColor(MUTED).fontSize(7.5).text(notes.join(' '), MARGIN, 494, { width: CONTENT_WIDTH, height: 18, ellipsis: true });
  }
  const columns = [MARGIN, 190, 260, 330, 400, 470];
  const heads = [text.group, text.episodes, text.dropouts, text.monthsShort(3), text.monthsShort(6), text.monthsShort(12)];
  doc.fillColor(MUTED).fontSize(8);
  heads.forEach((head, i) =>
    doc.text(head, columns[i], TABLE_TOP - ROW, {
      width: (columns[i + 1] ?? MARGIN + CONTENT_WIDTH) - columns[i] - 4,
      lineBreak: false,
      ellipsis: true,
    }),
  );
  const room = Math.floor((TABLE_BOTTOM - TABLE_TOP) / ROW);
  const shown = analysis.groups.length > room ? analysis.groups.slice(0, room - 1) : analysis.groups;
  doc.fillColor(INK).fontSize(9);
  shown.forEach((group, row) => {
    const small = group.episodes > 0 && group.episodes < SMALL_GROUP ? ' *' : '';
    const cells = [text.groupKey(group.key) + small, String(group.episodes), String(group.events), ...figuresOf(group.retention)];
    cells.forEach((cell, i) => doc.text(cell, columns[i], TABLE_TOP + row * ROW, { width: 130, lineBreak: false }));
  });
  if (shown.length < analysis.groups.length) {
    doc
      .fillColor(MUTED)
      .fontSize(8)
      .text(text.more(analysis.groups.length - shown.length), MARGIN, TABLE_TOP + shown.length * ROW, {
        lineBreak: false,
      });
  }
}

function footer(doc: Doc, report: RetentionReport, text: RetentionPdfText): void {
  doc.fillColor(MUTED).fontSize(7).text(text.footer(report.clinic.code, report.asOf), MARGIN, 800, {
    width: CONTENT_WIDTH,
    lineBreak: false,
  });
}

function figuresOf(retention: RetentionFigures): string[] {
  return [percent(retention.m3), percent(retention.m6), percent(retention.m12)];
}

function percent(value: number | null): string {
  return value === null ? '—' : `${(value * 100).toFixed(1)}%`;
}

function formatP(p: number): string {
  return p < 0.001 ? '< 0.001' : p.toFixed(3);
}

/** A round step (1, 2 or 5 times a power of ten) at least `raw`. */
function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(Math.max(raw, 1)));
  return [1, 2, 5, 10].map((m) => m * power).find((step) => step >= raw) ?? 10 * power;
}
