import type { DosingReport, Measured } from '../dosing';
import { markdownTable, plainTable } from './tables';

/** The targets. */
export const TARGETS = {
  /** Tongban's throughput at saturation, as a share of the baseline's: at least. */
  throughputShare: 0.4,
  /** Tongban's p99 at the fixed rate, as a multiple of the baseline's: at most. */
  p99Multiple: 1.5,
};

export interface Verdict {
  throughputShare: number;
  p99Multiple: number;
  throughputMet: boolean;
  p99Met: boolean;
}

export function verdictOf(report: DosingReport): Verdict {
  const throughputShare = report.tongban.saturation.run.rps / report.baseline.saturation.run.rps;
  const p99Multiple = report.tongban.fixedRate.run.p99 / report.baseline.fixedRate.run.p99;
  return {
    throughputShare,
    p99Multiple,
    throughputMet: throughputShare >= TARGETS.throughputShare,
    p99Met: p99Multiple <= TARGETS.p99Multiple,
  };
}

const ms = (value: number): string => (value < 10 ? value.toFixed(1) : value.toFixed(0));
const pct = (value: number): string => `${(value * 100).toFixed(0)}%`;
const met = (ok: boolean): string => (ok ? 'met' : 'NOT met');
const cpu = (m: Measured): string =>
  `${m.machine.server.toFixed(0)} / ${m.machine.postgres.toFixed(0)} / ${m.machine.load.toFixed(0)} / ${m.machine.other.toFixed(0)}`;
const waits = (m: Measured): string => `${m.machine.lockWaiting.toFixed(1)} / ${m.machine.idleInTransaction.toFixed(1)}`;
const others = (m: Measured): string => {
  const entries = Object.entries(m.run.others);
  return entries.length === 0 ? 'none' : entries.map(([status, count]) => `${count}× ${status}`).join(', ');
};

/** Rows of the comparison: label, Tongban, baseline, ratio, target. */
function rows(report: DosingReport): string[][] {
  const { tongban: t, baseline: b, options } = report;
  const v = verdictOf(report);
  return [
    [
      `saturation (${options.connections} connections), req/s`,
      t.saturation.run.rps.toFixed(0),
      b.saturation.run.rps.toFixed(0),
      pct(v.throughputShare),
      `≥ ${pct(TARGETS.throughputShare)}: ${met(v.throughputMet)}`,
    ],
    [
      // A fast machine spends Tongban's client days (8 a client) before the run's time is up.
      'saturation run, s (shorter when the client days run out)',
      t.saturation.run.seconds.toFixed(1),
      b.saturation.run.seconds.toFixed(1),
      '',
      '',
    ],
    [
      'saturation p50 / p99, ms',
      `${ms(t.saturation.run.p50)} / ${ms(t.saturation.run.p99)}`,
      `${ms(b.saturation.run.p50)} / ${ms(b.saturation.run.p99)}`,
      '',
      '',
    ],
    [
      `${options.rate} req/s: p50 / p99, ms`,
      `${ms(t.fixedRate.run.p50)} / ${ms(t.fixedRate.run.p99)}`,
      `${ms(b.fixedRate.run.p50)} / ${ms(b.fixedRate.run.p99)}`,
      `p99 × ${v.p99Multiple.toFixed(2)}`,
      `≤ ${TARGETS.p99Multiple}×: ${met(v.p99Met)}`,
    ],
    [`${options.rate} req/s: achieved req/s`, t.fixedRate.run.rps.toFixed(1), b.fixedRate.run.rps.toFixed(1), '', ''],
    ['saturation CPU, % of a core: server / PostgreSQL / load generator / others', cpu(t.saturation), cpu(b.saturation), '', ''],
    [`${options.rate} req/s CPU, % of a core: server / PostgreSQL / load generator / others`, cpu(t.fixedRate), cpu(b.fixedRate), '', ''],
    ['saturation: sessions waiting for a lock / idle in transaction (mean)', waits(t.saturation), waits(b.saturation), '', ''],
    [
      '201 answers (saturation + fixed rate); rows written',
      `${t.saturation.run.created + t.fixedRate.run.created}; ${t.saturation.rowsWritten + t.fixedRate.rowsWritten}`,
      `${b.saturation.run.created + b.fixedRate.run.created}; ${b.saturation.rowsWritten + b.fixedRate.rowsWritten}`,
      '',
      '',
    ],
    ['other answers', `${others(t.saturation)}; ${others(t.fixedRate)}`, `${others(b.saturation)}; ${others(b.fixedRate)}`, '', ''],
  ];
}

const HEADER = ['', 'Tongban', 'baseline', 'Tongban / baseline', 'target'];

/** Other people's work took more than this (% of a core) during a measured run. */
const DISTURBED_PERCENT = 20;

export function disturbed(report: DosingReport): boolean {
  return [report.tongban, report.baseline].some(
    (figures) => figures.saturation.machine.other > DISTURBED_PERCENT || figures.fixedRate.machine.other > DISTURBED_PERCENT,
  );
}

/** The comparison as a plain table for the terminal. */
export function renderTable(report: DosingReport): string {
  return plainTable([HEADER, ...rows(report)]);
}

/** The figures as a block for docs/benchmarks.md. */
export function renderMarkdown(report: DosingReport): string {
  const { machine, options, generation, tongban: t, baseline: b } = report;
  const background = (name: string, figures: DosingReport['tongban']): string =>
    `${name}: ${figures.busyBefore.toFixed(0)}% of a core busy just before; during the saturation run others used ` +
    `${figures.saturation.machine.other.toFixed(0)}% of a core and other databases committed ${figures.saturation.machine.otherCommits} transactions, ` +
    `during the fixed-rate run ${figures.fixedRate.machine.other.toFixed(0)}% and ${figures.fixedRate.machine.otherCommits}`;
  return [
    `### Recording an observed dose, ${report.date}`,
    '',
    `Machine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.postgres} on the same machine.`,
    `Clinic: ${options.clients} clients in treatment since 60 days ago, each with a 60 mg order and ${(generation.historyVisits / options.clients).toFixed(0)} days of dosing history ` +
      `(${generation.historyVisits} doses), made through the API in ${(generation.api + generation.history).toFixed(0)} s (the history import: ${generation.history.toFixed(0)} s).`,
    `Load: \`POST /api/v1/clients/:id/doses\` as the nurse, each request for a client day without a dose (every answer a 201); ` +
      `${options.warmupSeconds} s of warm-up, then ${options.seconds} s at saturation over ${options.connections} keep-alive connections (autocannon), ` +
      `then ${options.seconds} s at a steady ${options.rate} requests/s (open loop, latency counted from when each request was due).`,
    '',
    markdownTable([HEADER, ...rows(report)]),
    '',
    `Background load: ${background('Tongban', t)}. ${background('Baseline', b)}.` +
      (disturbed(report) ? ' **Other work took more than a fifth of a core during a run: these figures are disturbed.**' : ''),
    `Tongban verified the audit chain afterwards (${report.chain.checked} events, the baseline's among them): the baseline chains its events exactly as Tongban does.`,
    ...(report.profile
      ? ['', "Tongban's CPU during its runs (`node --cpu-prof`, idle excluded):", '', '```', ...report.profile.lines, '```']
      : []),
  ].join('\n');
}
