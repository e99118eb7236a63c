import { Accordion, Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format';
import { NS } from './messages';
import type { Series } from './retention-series';
import { DataTable } from '../../ui/data-table';

/** Episodes, drop-outs and retention at 3, 6 and 12 months of each series, as a table. */
export function RetentionSummaryTable({ series }: { series: Series[] }) {
  const { t } = useTranslation(NS);
  const format = useFormat();
  return (
    <DataTable minWidth={560} striped captionSide="top" data-testid="retention-summary">
      <Table.Caption>{t('retention.summary')}</Table.Caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{t('retention.group')}</Table.Th>
          <Table.Th scope="col" ta="right">
            {t('retention.episodes')}
          </Table.Th>
          <Table.Th scope="col" ta="right">
            {t('retention.events')}
          </Table.Th>
          <Table.Th scope="col" ta="right">
            {t('retention.m3')}
          </Table.Th>
          <Table.Th scope="col" ta="right">
            {t('retention.m6')}
          </Table.Th>
          <Table.Th scope="col" ta="right">
            {t('retention.m12')}
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {series.map((one) => (
          <Table.Tr key={one.key} data-testid="retention-series" data-series={one.key}>
            <Table.Th scope="row" fw={one.key === 'all' ? 700 : 500}>
              {one.name}
            </Table.Th>
            <Table.Td ta="right" data-testid="series-episodes">
              {format.number(one.episodes)}
            </Table.Td>
            <Table.Td ta="right">{format.number(one.events)}</Table.Td>
            <Table.Td ta="right">{format.percent(one.retention.m3)}</Table.Td>
            <Table.Td ta="right">{format.percent(one.retention.m6)}</Table.Td>
            <Table.Td ta="right">{format.percent(one.retention.m12)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </DataTable>
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
            <DataTable minWidth={480} striped captionSide="top">
              <Table.Caption>{t('retention.figures', { name: one.name })}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col" ta="right">
                    {t('retention.day')}
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    {t('retention.atRisk')}
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    {t('retention.events')}
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    {t('retention.survival')}
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    {t('retention.lower')}
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    {t('retention.upper')}
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {one.curve.map((point) => (
                  <Table.Tr key={point.day}>
                    <Table.Td ta="right">{format.number(point.day)}</Table.Td>
                    <Table.Td ta="right">{format.number(point.atRisk)}</Table.Td>
                    <Table.Td ta="right">{format.number(point.events)}</Table.Td>
                    <Table.Td ta="right">{format.percent(point.survival)}</Table.Td>
                    <Table.Td ta="right">{format.percent(point.lower)}</Table.Td>
                    <Table.Td ta="right">{format.percent(point.upper)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </DataTable>
          </Accordion.Panel>
        </Accordion.Item>
      ))}
    </Accordion>
  );
}
