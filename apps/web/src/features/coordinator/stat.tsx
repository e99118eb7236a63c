import { Paper, Text } from '@mantine/core';

/** One figure with its label, as a definition (term and value) for screen readers. */
export function Stat({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <Paper withBorder p="md" component="dl" m={0}>
      <Text component="dt" size="sm" c="dimmed">
        {label}
      </Text>
      <Text component="dd" m={0} fz={26} fw={700} data-testid={testId}>
        {value}
      </Text>
    </Paper>
  );
}
