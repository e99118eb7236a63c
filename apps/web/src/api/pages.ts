/** One page of a list route (`{ items, nextCursor }`, api.md "Lists"). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Every item of a list route, page after page (for lists that are whole by nature: today's window, a clinic's staff). */
export async function allPages<T>(read: (cursor: string | undefined) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await read(cursor);
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}
