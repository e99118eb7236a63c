import PDFDocument from 'pdfkit';
import { cjkFont } from '@tongban/platform';
import { CurvePoint, LANDMARK_COMPARISONS, RetentionFigures } from '../retention/retention-analysis';
import { RetentionReport } from '../reports.types';

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

const COMPARISON_LABEL: Record<string, string> = {
  none: 'none',
  cohort: 'intake month',
  peer_support: 'peer-group attendance',
  family_involvement: 'family involvement',
};

/**
 * The retention report on one A4 page: the clinic's name (in Noto Sans SC,
 * so Chinese names render; pdfkit embeds only the glyphs used), the selection,
 * the counts and retention at 3, 6 and 12 months, the Kaplan-Meier curve of
 * all episodes with its 95% band, and the groups with the log-rank test when
 * the report compares. No client is named or counted individually.
 */
export async function retentionPdf(report: RetentionReport): Promise<Buffer> {
  const font = await cjkFont();
  const doc = new PDFDocument({
    size: 'A4',
    // A small bottom margin leaves room for the footer line: text below the margin would start a second page.
    margins: { top: MARGIN, left: MARGIN, right: MARGIN, bottom: 20 },
    info: { Title: `Retention report ${report.clinic.code} ${report.asOf}`, Producer: 'Tongban' },
  });
  const done = collect(doc);
  doc.registerFont('body', font);
  doc.font('body');
  header(doc, report);
  figures(doc, report);
  chart(doc, report);
  groups(doc, report);
  footer(doc, report);
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

function header(doc: Doc, report: RetentionReport): void {
  doc.fillColor(INK).fontSize(18).text(report.clinic.name, MARGIN, MARGIN, { width: CONTENT_WIDTH, height: 26, ellipsis: true });
  doc.fillColor(MUTED).fontSize(11).text('Retention in treatment · 保持率', MARGIN, 80, { width: CONTENT_WIDTH, lineBreak: false });
  const landmark = LANDMARK_COMPARISONS.includes(report.compare) ? `, landmark day ${report.landmarkDays}` : '';
  const selection = `Episodes begun ${report.from ?? 'from the first'} – ${report.to ?? 'to date'}`;
  doc.fontSize(9).text(`As of ${report.asOf}    ${selection}    Compared by: ${COMPARISON_LABEL[report.compare]}${landmark}`, MARGIN, 100, {
    width: CONTENT_WIDTH,
    lineBreak: false,
  });
}

function figures(doc: Doc, report: RetentionReport): void {
  const { analysis } = report;
  const cells: Array<[string, string]> = [
    ['Episodes', String(analysis.episodes)],
    ['Drop-outs', String(analysis.events)],
    ['Censored', String(analysis.censored)],
    ['3 months (day 91)', percent(analysis.retention.m3)],
    ['6 months (day 183)', percent(analysis.retention.m6)],
    ['12 months (day 365)', percent(analysis.retention.m12)],
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

function chart(doc: Doc, report: RetentionReport): void {
  const { analysis } = report;
  const last = analysis.curve[analysis.curve.length - 1];
  const xStep = niceStep(Math.max(analysis.followUp, last.day, 1) / 6);
  const xEnd = Math.max(xStep, Math.ceil(Math.max(analysis.followUp, last.day, 1) / xStep) * xStep);
  const x = (day: number) => PLOT.left + (day / xEnd) * PLOT.width;
  const y = (survival: number) => PLOT.top + (1 - survival) * PLOT.height;
  const bottom = PLOT.top + PLOT.height;

  doc
    .fillColor(INK)
    .fontSize(10)
    .text('Kaplan-Meier retention of all episodes selected, with 95% confidence band', MARGIN, 185, { lineBreak: false });

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
  doc.text('Days since the episode began', PLOT.left, bottom + 18, { width: PLOT.width, align: 'center', lineBreak: false });

  const band = bandPolygon(analysis.curve, analysis.followUp, x, y);
  if (band.length > 0)
    doc
      .save()
      .fillColor(BAND)
      .fillOpacity(0.55)
      .polygon(...band)
      .fill()
      .restore();

  const steps = stepLine(analysis.curve, Math.max(analysis.followUp, last.day), x, y);
  doc.save().strokeColor(CURVE).lineWidth(1.6).moveTo(steps[0][0], steps[0][1]);
  for (const [px, py] of steps.slice(1)) doc.lineTo(px, py);
  doc.stroke().restore();

  if (analysis.episodes === 0) {
    doc
      .fillColor(MUTED)
      .fontSize(10)
      .text('No episodes in this selection.', PLOT.left + 10, PLOT.top + 40, { lineBreak: false });
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

function groups(doc: Doc, report: RetentionReport): void {
  const { analysis } = report;
  if (!analysis.groups) return;
  const landmark = LANDMARK_COMPARISONS.includes(report.compare);
  const test = analysis.logRank;
  doc.fillColor(INK).fontSize(10).text(`Groups: ${COMPARISON_LABEL[report.compare]}`, MARGIN, 478, { lineBreak: false });
  if (test) {
    doc
      .fontSize(9)
      .text(`Log-rank test: chi-square ${test.chiSquare.toFixed(2)}, p = ${formatP(test.pValue)}`, MARGIN + 250, 479, { lineBreak: false });
  }
  if (landmark) {
    const took = report.compare === 'peer_support' ? 'attended a peer-group meeting' : 'had a family interaction';
    doc
      .fillColor(MUTED)
      .fontSize(7.5)
      .text(
        `Episodes still in treatment on day ${report.landmarkDays}; "yes" = ${took} before that day. Retention given in treatment at the landmark.`,
        MARGIN,
        494,
        { width: CONTENT_WIDTH, lineBreak: false },
      );
  }
  const columns = [MARGIN, 190, 260, 330, 400, 470];
  const heads = ['Group', 'Episodes', 'Drop-outs', '3 months', '6 months', '12 months'];
  doc.fillColor(MUTED).fontSize(8);
  heads.forEach((head, i) => doc.text(head, columns[i], TABLE_TOP - ROW, { lineBreak: false }));
  const room = Math.floor((TABLE_BOTTOM - TABLE_TOP) / ROW);
  const shown = analysis.groups.length > room ? analysis.groups.slice(0, room - 1) : analysis.groups;
  doc.fillColor(INK).fontSize(9);
  shown.forEach((group, row) => {
    const cells = [group.key, String(group.episodes), String(group.events), ...figuresOf(group.retention)];
    cells.forEach((cell, i) => doc.text(cell, columns[i], TABLE_TOP + row * ROW, { width: 130, lineBreak: false }));
  });
  if (shown.length < analysis.groups.length) {
    doc
      .fillColor(MUTED)
      .fontSize(8)
      .text(`… and ${analysis.groups.length - shown.length} more groups (see the CSV export).`, MARGIN, TABLE_TOP + shown.length * ROW, {
        lineBreak: false,
      });
  }
}

function footer(doc: Doc, report: RetentionReport): void {
  doc
    .fillColor(MUTED)
    .fontSize(7)
    .text(`Tongban · ${report.clinic.code} · as of ${report.asOf} · aggregate figures only; no client is identified.`, MARGIN, 800, {
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
