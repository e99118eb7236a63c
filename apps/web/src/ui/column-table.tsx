import type { ReactNode } from 'react';
import { Table } from '@mantine/core';
import { DataTable } from './data-table';

/** One column of a `ColumnTable`: its heading and how a row fills its cell. */
export interface Column<Row> {
  header: ReactNode;
  cell: (row: Row) => ReactNode;
  /** Figures: heading and cells aligned right. */
  numeric?: boolean;
  /** The cell that names the row: a row header for screen readers, in a heavier weight. */
  rowHeader?: boolean;
  testId?: string;
}

/** The attributes of a row's `<tr>`: its test id and data attributes. */
export type RowAttributes = { 'data-testid'?: string } & Record<`data-${string}`, string | undefined>;

/**
 * A table described by its columns, one row per item: the shape of every figures table of the app (striped, the
 * caption above, figures aligned right, the naming cell a row header).
 */
export function ColumnTable<Row>({
  columns,
  rows,
  rowKey,
  rowAttributes,
  rowHeaderWeight = () => 500,
  caption,
  minWidth = 0,
  striped = true,
  testId,
}: {
  columns: Column<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string | number;
  rowAttributes?: (row: Row) => RowAttributes;
  rowHeaderWeight?: (row: Row) => number;
  caption?: ReactNode;
  minWidth?: number;
  striped?: boolean;
  testId?: string;
}) {
  const align = (column: Column<Row>) => (column.numeric ? 'right' : undefined);
  return (
    <DataTable minWidth={minWidth} striped={striped} captionSide="top" data-testid={testId}>
      {caption !== undefined && <Table.Caption>{caption}</Table.Caption>}
      <Table.Thead>
        <Table.Tr>
          {columns.map((column, index) => (
            <Table.Th key={index} scope="col" ta={align(column)}>
              {column.header}
            </Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((row) => (
          <Table.Tr key={rowKey(row)} {...rowAttributes?.(row)}>
            {columns.map((column, index) =>
              column.rowHeader ? (
                <Table.Th key={index} scope="row" fw={rowHeaderWeight(row)} ta={align(column)} data-testid={column.testId}>
                  {column.cell(row)}
                </Table.Th>
              ) : (
                <Table.Td key={index} ta={align(column)} data-testid={column.testId}>
                  {column.cell(row)}
                </Table.Td>
              ),
            )}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </DataTable>
  );
}
