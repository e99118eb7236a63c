import type { ComponentPropsWithoutRef } from 'react';
import { Table, type TableProps } from '@mantine/core';

/** The element that scrolls, for tests and tools to find. */
const VIEWPORT_PROPS = { 'data-table-scroll': true } as ComponentPropsWithoutRef<'div'>;

/**
 * Every table of the app. Headers stay on one line and cells keep Chinese words whole (`keep-all`): a narrow
 * screen (a 1024 px tablet) never squeezes a column to one character per line. A table wider than the screen
 * scrolls sideways in its own container, whose scrollbar shows whenever it does, so no column is hidden without a sign;
 * `minWidth` is the width below which it scrolls rather than narrows its columns further.
 */
export function DataTable({ children, styles, minWidth = 0, ...props }: TableProps & { minWidth?: number }) {
  return (
    <Table.ScrollContainer
      minWidth={minWidth}
      type="scrollarea"
      // Mantine's own scrollbar, shown whenever the table is wider than its space (a tablet's browser hides its own).
      scrollAreaProps={{ type: 'auto', scrollbars: 'x', viewportProps: VIEWPORT_PROPS }}
    >
      <Table
        {...props}
        styles={{
          th: { whiteSpace: 'nowrap', wordBreak: 'keep-all' },
          td: { wordBreak: 'keep-all', overflowWrap: 'break-word' },
          ...(typeof styles === 'object' ? styles : {}),
        }}
      >
        {children}
      </Table>
    </Table.ScrollContainer>
  );
}
