import { parquetWriteBuffer } from 'hyparquet-writer';

/** The types of the export's columns, as the codebook names them. */
export type ColumnType = 'string' | 'integer' | 'double' | 'boolean';

/** How each type is stored in Parquet (physical type, and the UTF8 annotation of strings). */
export const PARQUET_TYPES: Record<ColumnType, 'STRING' | 'INT32' | 'DOUBLE' | 'BOOLEAN'> = {
  string: 'STRING',
  integer: 'INT32',
  double: 'DOUBLE',
  boolean: 'BOOLEAN',
};

export interface ColumnSpec {
  name: string;
  type: ColumnType;
  meaning: string;
}

export type Cell = string | number | boolean | null;
export type Row = Record<string, Cell>;

export interface TableSpec {
  /** The file's name without its extension. */
  name: string;
  meaning: string;
  columns: ColumnSpec[];
}

export interface Table {
  spec: TableSpec;
  rows: Row[];
}

export const RESEARCH_FORMATS = ['csv', 'parquet'] as const;
export type ResearchFormat = (typeof RESEARCH_FORMATS)[number];

const RESEARCH_ID: ColumnSpec = {
  name: 'research_id',
  type: 'string',
  meaning: 'The client’s research ID: a keyed hash of the client under the project’s secret (the same in every export of the project).',
};
const EPISODE: ColumnSpec = {
  name: 'episode',
  type: 'integer',
  meaning: 'The client’s treatment episode the record falls in (1 = the first; the latest begun on or before its date).',
};
const DAY: ColumnSpec = { name: 'day', type: 'integer', meaning: 'Days from the start of that episode (0 = its first day).' };

export const CLIENTS: TableSpec = {
  name: 'clients',
  meaning: 'One row per client.',
  columns: [
    RESEARCH_ID,
    { name: 'clinic', type: 'string', meaning: 'The code of the clinic that keeps the client’s record.' },
    { name: 'age_band', type: 'string', meaning: 'Age on the day of the export in 5-year bands (`20-24`, …; `80+`).' },
    { name: 'sex', type: 'string', meaning: '`female`, `male`, `other` or `unknown`.' },
    {
      name: 'status',
      type: 'string',
      meaning: 'On the day of the export: `active`, `dropped_out`, `discharged`, `transferred` or `deceased`.',
    },
    { name: 'episodes', type: 'integer', meaning: 'How many treatment episodes the client has had.' },
  ],
};

export const EPISODES: TableSpec = {
  name: 'episodes',
  meaning: 'One row per treatment episode (intake to discharge or drop-out).',
  columns: [
    RESEARCH_ID,
    { name: 'episode', type: 'integer', meaning: 'The episode’s number, 1 for the client’s first.' },
    { name: 'start_day', type: 'integer', meaning: 'Days from the start of the client’s first episode to this one’s start.' },
    { name: 'length_days', type: 'integer', meaning: 'Days from the episode’s start to its end; empty while it is open.' },
    {
      name: 'end_reason',
      type: 'string',
      meaning: 'Why it ended: `completed`, `transferred`, `deceased`, `other` or `dropout`; empty while it is open.',
    },
  ],
};

export const DOSING_WEEKS: TableSpec = {
  name: 'dosing_weeks',
  meaning: 'Methadone doses per client, episode and week of the episode (voided doses left out).',
  columns: [
    RESEARCH_ID,
    EPISODE,
    {
      name: 'week',
      type: 'integer',
      meaning: 'The week of the episode: days from its start divided by 7, rounded down (0 = its first week).',
    },
    { name: 'observed_doses', type: 'integer', meaning: 'Doses taken at the window (a split dose counts its parts).' },
    { name: 'take_home_doses', type: 'integer', meaning: 'Take-home dispenses.' },
    { name: 'take_home_days', type: 'integer', meaning: 'Days the take-home dispenses cover.' },
    { name: 'total_mg', type: 'double', meaning: 'Methadone given in the week, in mg (observed and take-home).' },
  ],
};

export const ATTENDANCE: TableSpec = {
  name: 'attendance',
  meaning: 'One row per peer-group meeting the client was recorded at (present, absent or excused).',
  columns: [
    RESEARCH_ID,
    EPISODE,
    DAY,
    { name: 'status', type: 'string', meaning: '`present`, `absent` or `excused`.' },
    {
      name: 'absence_reason',
      type: 'string',
      meaning: 'For an absence: `work`, `transport`, `health`, `privacy`, `not_interested` or `other`; else empty.',
    },
  ],
};

export const FAMILY_INTERACTIONS: TableSpec = {
  name: 'family_interactions',
  meaning: 'One row per contact with a family member (its summary is never exported).',
  columns: [
    RESEARCH_ID,
    EPISODE,
    DAY,
    { name: 'channel', type: 'string', meaning: '`phone`, `visit`, `family_session` or `message`.' },
    { name: 'initiated_by', type: 'string', meaning: 'Who started it: `staff`, `family` or `client`.' },
  ],
};

export const ASSESSMENTS: TableSpec = {
  name: 'assessments',
  meaning: 'One row per standard instrument administered (scores only; the answers are never exported).',
  columns: [
    RESEARCH_ID,
    EPISODE,
    DAY,
    { name: 'instrument', type: 'string', meaning: '`mspss`, `stigma` or `phq9`.' },
    { name: 'total', type: 'double', meaning: 'The instrument’s total score.' },
    { name: 'band', type: 'string', meaning: 'The instrument’s severity band of the total, where it has bands; else empty.' },
  ],
};

/** Every substance a test may report, one column each. */
export function drugTestsSpec(substances: readonly string[]): TableSpec {
  return {
    name: 'drug_tests',
    meaning: 'One row per urine drug test.',
    columns: [
      RESEARCH_ID,
      EPISODE,
      DAY,
      { name: 'observed', type: 'boolean', meaning: 'Whether the sample was given under observation.' },
      { name: 'refused', type: 'boolean', meaning: 'Whether the client refused the test (then it has no results).' },
      {
        name: 'positive_opiate',
        type: 'boolean',
        meaning: 'A positive opiate result (opiates, morphine or heroin) or a refusal.',
      },
      ...substances.map((substance): ColumnSpec => ({
        name: substance,
        type: 'string',
        meaning: `The ${substance} result: \`negative\`, \`positive\` or \`invalid\`; empty if not tested.`,
      })),
    ],
  };
}

/** A table as RFC 4180 CSV (UTF-8, no byte order mark: for R, pandas and DuckDB), with a header row. */
export function toCsv(table: Table): Buffer {
  const lines = [table.spec.columns.map((column) => csvCell(column.name))];
  for (const row of table.rows) lines.push(table.spec.columns.map((column) => csvCell(row[column.name] ?? null)));
  return Buffer.from(lines.map((cells) => cells.join(',') + '\r\n').join(''), 'utf8');
}

function csvCell(value: Cell): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A table as one Parquet file, each column typed as the codebook says (every column optional: empty is null). */
export function toParquet(table: Table): Buffer {
  const buffer = parquetWriteBuffer({
    columnData: table.spec.columns.map((column) => ({
      name: column.name,
      type: PARQUET_TYPES[column.type],
      data: table.rows.map((row) => row[column.name] ?? null),
    })),
  });
  return Buffer.from(buffer);
}

export interface Suppression {
  k: number;
  consenting: number;
  groups: number;
  suppressedGroups: number;
  suppressedClients: number;
  /** Table name → rows withheld. */
  suppressedRows: Record<string, number>;
}

/** `codebook.md`: what the export is, each file's columns with their type and meaning, and what was suppressed. */
export function codebook(
  tables: Table[],
  format: ResearchFormat,
  about: { project: string; exportedOn: string; clinic: string },
  suppression: Suppression,
): string {
  const extension = format === 'csv' ? 'csv' : 'parquet';
  const lines: string[] = [
    '# Codebook',
    '',
    `Research export of clinic ${about.clinic} for the project \`${about.project}\`, made on ${about.exportedOn}, as ${format === 'csv' ? 'CSV (UTF-8, comma-separated, a header row; empty = no value)' : 'Parquet (one file per table; empty = null)'}.`,
    '',
    'Only clients whose `research` consent was in force on that day are included, de-identified: research IDs instead of',
    'names and codes; no names, contacts, national IDs, client codes or free text; ages in 5-year bands; dates as days',
    'from the start of the episode they fall in. Records dated before a client’s first episode are left out.',
    '',
    `Types: \`string\` (Parquet BYTE_ARRAY, UTF8), \`integer\` (INT32), \`double\` (DOUBLE), \`boolean\` (BOOLEAN; in CSV \`true\`/\`false\`).`,
    '',
  ];
  for (const table of tables) {
    lines.push(`## ${table.spec.name}.${extension}`, '', `${table.spec.meaning} Rows: ${table.rows.length}.`, '');
    lines.push('| column | type | meaning |', '| --- | --- | --- |');
    for (const column of table.spec.columns) lines.push(`| ${column.name} | ${column.type} | ${column.meaning} |`);
    lines.push('');
  }
  lines.push(
    '## Suppressed',
    '',
    `k-anonymity with k = ${suppression.k} on (age_band, sex, clinic): the rows of every client whose combination is shared`,
    `by fewer than ${suppression.k} consenting clients are withheld from every file.`,
    '',
    `- Consenting clients: ${suppression.consenting}`,
    `- Groups (age_band, sex, clinic): ${suppression.groups}, of which suppressed: ${suppression.suppressedGroups}`,
    `- Clients suppressed: ${suppression.suppressedClients}`,
    '',
    '| file | rows suppressed |',
    '| --- | --- |',
    ...tables.map((table) => `| ${table.spec.name}.${extension} | ${suppression.suppressedRows[table.spec.name] ?? 0} |`),
    '',
  );
  return lines.join('\n');
}
