import { DosingGrouping } from './dto/report-query.dto';
import { DosingDay, DosingPeriod } from './reports.types';

/** The key of the period holding `day`: the day itself, its ISO week's Monday, or its month. */
export function periodOf(day: string, groupBy: DosingGrouping): string {
  if (groupBy === 'day') return day;
  if (groupBy === 'month') return day.slice(0, 7);
  const date = new Date(`${day}T00:00:00Z`);
  const sinceMonday = (date.getUTCDay() + 6) % 7;
  return new Date(date.getTime() - sinceMonday * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The days (in order) summed by period, each clipped to the days given:
 * doses and mg summed, the census as its daily mean, the missed-dose rate
 * over the days that have ended (today's census is not counted as missed).
 */
export function dosingPeriods(days: readonly DosingDay[], groupBy: DosingGrouping): DosingPeriod[] {
  const periods: DosingPeriod[] = [];
  let endedCensus = 0;
  for (const day of days) {
    const key = periodOf(day.day, groupBy);
    let current = periods[periods.length - 1];
    if (!current || current.period !== key) {
      current = {
        period: key,
        from: day.day,
        to: day.day,
        days: 0,
        census: 0,
        clientDays: 0,
        doses: 0,
        missed: null,
        missedRate: null,
        dispensedMg: 0,
      };
      periods.push(current);
      endedCensus = 0;
    }
    current.to = day.day;
    current.days += 1;
    current.clientDays += day.census;
    current.census = current.clientDays / current.days;
    current.doses += day.doses;
    current.dispensedMg += day.dispensedMg;
    if (day.missed !== null) {
      current.missed = (current.missed ?? 0) + day.missed;
      endedCensus += day.census;
      current.missedRate = endedCensus > 0 ? current.missed / endedCensus : null;
    }
  }
  return periods;
}
