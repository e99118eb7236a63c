import { Accordion } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format';
import { NS } from './messages';
import type { Series } from './retention-series';
import { ColumnTable } from '../../ui/column-table';

/** Episodes, drop-outs and retention at 3, 6 and 12 months of each series, as a table. */
export function RetentionSummaryTable({ series }: { series: Series[] }) {
  const { t } = useTranslation(NS);
  const format = useFormat();
  return (
    <ColumnTable
      minWidth={560}
      testId="retention-summary"
      caption={t('retention.summary')}
      rows={series}
      rowKey={(one) => one.key}
      rowAttributes={(one) => ({ 'data-testid': 'retention-series', 'data-series': one.key })}
      rowHeaderWeight={(one) => (one.key === 'all' ? 700 : 500)}
      columns={[
        { header: t('retention.group'), rowHeader: true, cell: (one) => one.name },
        { header: t('retention.episodes'), numeric: true, testId: 'series-episodes', cell: (one) => format.number(one.episodes) },
        { header: t('retention.events'), numeric: true, cell: (one) => format.number(one.events) },
        { header: t('retention.m3'), numeric: true, cell: (one) => format.percent(one.retention.m3) },
        { header: t('retention.m6'), numeric: true, cell: (one) => format.percent(one.retention.m6) },
        { header: t('retention.m12'), numeric: true, cell: (one) => format.percent(one.retention.m12) },
      ]}
    />
  );
}

/** The points of each curve (what the chart draws), one collapsible table per series. */
export function CurveTables({ series }: { series: Series[] }) {
  const { t } = useTranslation(NS);
  const format = useFormat();
  return (
    <Accordion variant="contained" multiple data-testid="curve-tables">
      {series.map((one) => (
        <Accordion.Item key={one.key} value={one.key}>
          <Accordion.Control>{t('retention.figures', { name: one.name })}</Accordion.Control>
          <Accordion.Panel>
            <ColumnTable
              minWidth={480}
              caption={t('retention.figures', { name: one.name })}
              rows={one.curve}
              rowKey={(point) => point.day}
              columns={[
                { header: t('retention.day'), numeric: true, cell: (point) => format.number(point.day) },
                { header: t('retention.atRisk'), numeric: true, cell: (point) => format.number(point.atRisk) },
                { header: t('retention.events'), numeric: true, cell: (point) => format.number(point.events) },
                { header: t('retention.survival'), numeric: true, cell: (point) => format.percent(point.survival) },
                { header: t('retention.lower'), numeric: true, cell: (point) => format.percent(point.lower) },
                { header: t('retention.upper'), numeric: true, cell: (point) => format.percent(point.upper) },
              ]}
            />
          </Accordion.Panel>
        </Accordion.Item>
      ))}
    </Accordion>
  );
}
