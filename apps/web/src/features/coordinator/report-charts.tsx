import { useMantineTheme } from '@mantine/core';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { Schemas } from '../../api/client';
import { useFormat } from '../../i18n/format';

type GroupAttendance = Schemas['GroupAttendanceDto'];

/** A short calendar day (month and day) for chart ticks. */
function useShortDay(): (day: string) => string {
  const { language } = useFormat();
  const formatter = new Intl.DateTimeFormat(language, { month: 'numeric', day: 'numeric', timeZone: 'UTC' });
  return (day) => formatter.format(new Date(`${day}T00:00:00Z`));
}

/** Attendance rate per group as horizontal bars (long group names read well on the side). */
export function AttendanceChart({ groups, label, title }: { groups: GroupAttendance[]; label: string; title: string }) {
  const theme = useMantineTheme();
  const format = useFormat();
  const percent = (value: number) => format.percent(value, 0);
  return (
    <BarChart
      responsive
      layout="vertical"
      data={groups}
      style={{ width: '100%', height: 80 + groups.length * 40 }}
      margin={{ top: 8, right: 24, bottom: 8, left: 8 }}
      title={title}
    >
      <CartesianGrid strokeDasharray="3 3" stroke={theme.colors.gray[3]} horizontal={false} />
      <XAxis type="number" domain={[0, 1]} tickFormatter={percent} tick={{ fill: theme.colors.gray[8] }} />
      <YAxis type="category" dataKey="name" width={160} tick={{ fill: theme.colors.gray[8] }} />
      <Tooltip formatter={(value) => percent(Number(value))} />
      <Bar dataKey="attendanceRate" name={label} fill={theme.colors.teal[8]} isAnimationActive={false} />
    </BarChart>
  );
}

/** A point of the dosing chart: a day, or a week or month (`key`), with its figures. */
export interface DosingChartRow {
  key: string;
  census: number;
  doses: number;
  missedRate: number | null;
}

/**
 * Census and observed doses (counts, left axis) and the missed-dose rate
 * (right axis) by day, or by week or month: `name` words a point's key (by
 * default a day: short on the axis, whole in the tooltip).
 */
export function DosingChart({
  rows,
  labels,
  title,
  name,
}: {
  rows: DosingChartRow[];
  labels: { census: string; doses: string; missedRate: string };
  title: string;
  name?: (key: string) => string;
}) {
  const theme = useMantineTheme();
  const format = useFormat();
  const shortDay = useShortDay();
  const percent = (value: number) => format.percent(value, 0);
  return (
    <LineChart
      responsive
      data={rows}
      style={{ width: '100%', height: 340 }}
      margin={{ top: 8, right: 8, bottom: 8, left: 8 }}
      title={title}
    >
      <CartesianGrid strokeDasharray="3 3" stroke={theme.colors.gray[3]} />
      <XAxis dataKey="key" tickFormatter={name ?? shortDay} tick={{ fill: theme.colors.gray[8] }} minTickGap={16} />
      <YAxis
        yAxisId="count"
        allowDecimals={false}
        tickFormatter={(value: number) => format.number(value)}
        tick={{ fill: theme.colors.gray[8] }}
      />
      <YAxis yAxisId="rate" orientation="right" domain={[0, 1]} tickFormatter={percent} tick={{ fill: theme.colors.gray[8] }} />
      <Tooltip
        labelFormatter={(key) => (typeof key !== 'string' ? '' : name ? name(key) : format.date(key))}
        formatter={(value, _name, item) => (item.dataKey === 'missedRate' ? percent(Number(value)) : format.number(Number(value)))}
      />
      <Legend verticalAlign="top" />
      <Line
        yAxisId="count"
        dataKey="census"
        name={labels.census}
        stroke={theme.colors.blue[8]}
        strokeWidth={2}
        dot={false}
        isAnimationActive={false}
      />
      <Line
        yAxisId="count"
        dataKey="doses"
        name={labels.doses}
        stroke={theme.colors.teal[8]}
        strokeWidth={2}
        dot={false}
        isAnimationActive={false}
      />
      <Line
        yAxisId="rate"
        dataKey="missedRate"
        name={labels.missedRate}
        stroke={theme.colors.red[8]}
        strokeWidth={2}
        strokeDasharray="6 3"
        dot={false}
        isAnimationActive={false}
      />
    </LineChart>
  );
}

/** A step of the peer-group uptake funnel, worded. */
export interface FunnelRow {
  label: string;
  clients: number;
}

/** The uptake funnel: one bar per step, widest first, so where clients fall away shows at a glance. */
export function UptakeFunnel({ steps, label, title }: { steps: FunnelRow[]; label: string; title: string }) {
  const theme = useMantineTheme();
  const format = useFormat();
  return (
    <BarChart
      responsive
      layout="vertical"
      data={steps}
      style={{ width: '100%', height: 80 + steps.length * 44 }}
      margin={{ top: 8, right: 24, bottom: 8, left: 8 }}
      title={title}
    >
      <CartesianGrid strokeDasharray="3 3" stroke={theme.colors.gray[3]} horizontal={false} />
      <XAxis
        type="number"
        allowDecimals={false}
        tickFormatter={(value: number) => format.number(value)}
        tick={{ fill: theme.colors.gray[8] }}
      />
      <YAxis type="category" dataKey="label" width={180} tick={{ fill: theme.colors.gray[8] }} />
      <Tooltip formatter={(value) => format.number(Number(value))} />
      <Bar dataKey="clients" name={label} fill={theme.colors.teal[8]} isAnimationActive={false} />
    </BarChart>
  );
}
