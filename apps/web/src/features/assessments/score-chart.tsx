import { Paper, Text, useMantineTheme } from '@mantine/core';
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../api/client';
import { useFormat } from '../../i18n/format';
import { instrumentLanguage, localized, type Instrument } from './instrument-text';
import { NS } from './messages';

type Scores = Schemas['AssessmentScoresDto'];
const SHADES = ['teal', 'orange', 'blue', 'grape'] as const;

/** One instrument's total over time, and for the MSPSS its subscales, oldest first. */
export function ScoreChart({ instrument, assessments }: { instrument: Instrument; assessments: Scores[] }) {
  const { t, i18n } = useTranslation(NS);
  const language = instrumentLanguage(i18n.language);
  const theme = useMantineTheme();
  const format = useFormat();
  const rows = [...assessments]
    .filter((one) => one.instrument === instrument.key)
    .sort((a, b) => a.date.localeCompare(b.date))
    .map((one) => ({ date: format.date(one.date), total: one.total, ...one.subscales }));
  const title = localized(instrument.title, language) ?? instrument.key;
  if (rows.length === 0) return null;
  const lines = [
    { key: 'total', name: t('total') },
    ...instrument.subscales.map((subscale) => ({ key: subscale.key, name: localized(subscale.title, language) ?? subscale.key })),
  ];
  return (
    <Paper withBorder p="sm" data-testid={`score-chart-${instrument.key}`}>
      <Text fw={600} mb="xs" component="h4" m={0}>
        {title}
      </Text>
      <LineChart
        responsive
        style={{ width: '100%', height: 240 }}
        data={rows}
        margin={{ top: 8, right: 16, bottom: 8, left: 0 }}
        title={title}
        desc={t('chartTitle')}
      >
        <CartesianGrid strokeDasharray="3 3" stroke={theme.colors.gray[3]} />
        <XAxis dataKey="date" tick={{ fill: theme.colors.gray[8] }} />
        <YAxis
          domain={[instrument.scoring.totalRange.min, instrument.scoring.totalRange.max]}
          allowDecimals={instrument.scoring.method === 'mean'}
          tick={{ fill: theme.colors.gray[8] }}
          width={40}
        />
        <Tooltip formatter={(value) => format.number(Number(value), 2)} />
        {lines.length > 1 && <Legend />}
        {lines.map((line, index) => (
          <Line
            key={line.key}
            dataKey={line.key}
            name={line.name}
            stroke={theme.colors[SHADES[index % SHADES.length]][8]}
            strokeWidth={line.key === 'total' ? 3 : 2}
            strokeDasharray={line.key === 'total' ? undefined : '5 3'}
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </Paper>
  );
}
