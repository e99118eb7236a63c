import type { ReactNode } from 'react';
import { Badge, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../ui/errors';
import type { ClientStatus } from './client-data';
import { DataTable } from '../../ui/data-table';

/** A titled part of a tab (the page title is h2, so parts are h3). */
export function Section({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <Stack gap="sm" component="section" data-testid={testId}>
      <Title order={3} size="h4">
        {title}
      </Title>
      {children}
    </Stack>
  );
}

/** While a query loads: a spinner; when it failed: the error in words. */
export function Pending({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (error) return <ErrorAlert error={error} />;
  return <Loader size="sm" aria-label={t('state.loading')} />;
}

export function Empty({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <Text c="dimmed" size="sm" data-testid={testId}>
      {children}
    </Text>
  );
}

/**
 * A list of the record in its three states: pending (or its error) while it loads, a dimmed line when it has no
 * item, else what `children` shows of its items.
 */
export function Listed<Item>({
  items,
  error,
  empty,
  children,
}: {
  items: Item[] | undefined;
  error: unknown;
  empty: ReactNode;
  children: (items: Item[]) => ReactNode;
}) {
  if (!items) return <Pending error={error} />;
  if (items.length === 0) return <Empty>{empty}</Empty>;
  return children(items);
}

/** Label/value pairs as a table with row headers (read correctly by screen readers). */
export function Facts({ rows, testId }: { rows: Array<{ key: string; label: string; value: ReactNode }>; testId?: string }) {
  return (
    <DataTable withRowBorders={false} verticalSpacing={4} maw={640} data-testid={testId}>
      <Table.Tbody>
        {rows.map((row) => (
          <Table.Tr key={row.key} data-testid={`fact-${row.key}`}>
            <Table.Th scope="row" w="40%" fw={500}>
              {row.label}
            </Table.Th>
            <Table.Td>{row.value}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </DataTable>
  );
}

// Explicit dark shades: white text on them meets WCAG AA (only the primary colour follows the theme's shade).
const STATUS_COLOR: Record<ClientStatus, string> = {
  active: 'teal.9',
  dropped_out: 'red.9',
  discharged: 'gray.7',
  transferred: 'blue.9',
  deceased: 'dark.7',
};

export function StatusBadge({ status }: { status: ClientStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLOR[status]} variant="filled" miw="max-content" data-testid="client-status">
      {t(`status.${status}`)}
    </Badge>
  );
}
