import type { Schemas } from '../../api/client';

export type WindowItem = Schemas['DosingTodayItemDto'];

/**
 * Today's list narrowed to what the nurse typed: a code (`KM01-000123`), just
 * its number (`123`), or part of the preferred name. Exact number matches
 * come first, so a keystroke or two finds the client at the window.
 */
export function findClients(items: WindowItem[], typed: string): WindowItem[] {
  const query = typed.trim().toLowerCase();
  if (!query) return items;
  const number = /^\d+$/.test(query) ? String(Number(query)) : null;
  const score = (item: WindowItem): number => {
    const code = item.code.toLowerCase();
    const codeNumber = String(Number(code.split('-').pop() ?? ''));
    if (number !== null && codeNumber === number) return 0;
    if (code === query) return 0;
    if (code.includes(query)) return 1;
    if (number !== null && codeNumber.startsWith(number)) return 2;
    if (item.preferredName?.toLowerCase().includes(query)) return 3;
    return -1;
  };
  return items
    .map((item) => ({ item, rank: score(item) }))
    .filter(({ rank }) => rank >= 0)
    .sort((a, b) => a.rank - b.rank)
    .map(({ item }) => item);
}
