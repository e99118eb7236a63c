import { useMantineTheme } from '@mantine/core';
import { Area, CartesianGrid, ComposedChart, Legend, Line, Tooltip, XAxis, YAxis } from 'recharts';
import type { Schemas } from '../../api/client';
import { useFormat } from '../../i18n/format';
import { curveToFollowUp } from './retention-series';

type CurvePoint = Schemas['CurvePointDto'];

export interface ChartSeries {
  key: string;
  name: string;
  curve: CurvePoint[];
  followUp?: number;
}

interface ChartPoint {
  day: number;
  survival: number;
  band: [number, number] | null;
}

const SHADES = ['teal', 'orange', 'blue', 'grape', 'red', 'cyan', 'indigo', 'lime', 'pink', 'violet'] as const;

function points(curve: CurvePoint[]): ChartPoint[] {
  return curve.map((point) => ({
    day: point.day,
    survival: point.survival,
    band: point.lower !== null && point.upper !== null ? [point.lower, point.upper] : null,
  }));
}

/**
 * Kaplan-Meier curves as step lines (the estimate holds from a point until
 * the next), each with its 95% confidence band as a stepped range area, both
 * drawn to the end of the series' follow-up; the legend lists the series in
 * the order given (cohorts by date).
 * Only the report pages import this (Recharts stays out of the first bundle).
 */
export function RetentionChart({
  series,
  bands,
  xLabel,
  labels,
  title,
  description,
}: {
  series: ChartSeries[];
  bands: boolean;
  xLabel: string;
  labels: { survival: string; band: string };
  title: string;
  description: string;
}) {
  const theme = useMantineTheme();
  const format = useFormat();
  const percent = (value: number) => format.percent(value, 0);
  const compared = series.length > 1;
  const colour = (index: number) => theme.colors[SHADES[index % SHADES.length]][8];

  return (
    <ComposedChart
      responsive
      style={{ width: '100%', height: 340 }}
      margin={{ top: 8, right: 16, bottom: 24, left: 8 }}
      title={title}
      desc={description}
    >
      <CartesianGrid strokeDasharray="3 3" stroke={theme.colors.gray[3]} />
      <XAxis
        type="number"
        dataKey="day"
        domain={[0, 'dataMax']}
        allowDecimals={false}
        tickFormatter={(day: number) => format.number(day)}
        label={{ value: xLabel, position: 'insideBottom', offset: -12, fill: theme.colors.gray[8] }}
        tick={{ fill: theme.colors.gray[8] }}
      />
      <YAxis type="number" domain={[0, 1]} tickFormatter={percent} tick={{ fill: theme.colors.gray[8] }} width={48} />
      <Tooltip
        labelFormatter={(day) => `${xLabel}: ${format.number(Number(day))}`}
        formatter={(value) =>
          Array.isArray(value) ? `${percent(Number(value[0]))} – ${percent(Number(value[1]))}` : percent(Number(value))
        }
      />
      {compared && <Legend verticalAlign="top" />}
      {bands &&
        series.map((one, index) => (
          <Area
            key={`band-${one.key}`}
            data={points(curveToFollowUp(one.curve, one.followUp))}
            dataKey="band"
            name={compared ? `${one.name}: ${labels.band}` : labels.band}
            type="stepAfter"
            stroke="none"
            fill={colour(index)}
            fillOpacity={compared ? 0.12 : 0.2}
            legendType="none"
            isAnimationActive={false}
          />
        ))}
      {series.map((one, index) => (
        <Line
          key={`line-${one.key}`}
          data={points(curveToFollowUp(one.curve, one.followUp))}
          dataKey="survival"
          name={compared ? one.name : labels.survival}
          type="stepAfter"
          stroke={colour(index)}
          strokeWidth={2}
          dot={false}
          isAnimationActive={false}
        />
      ))}
    </ComposedChart>
  );
}
