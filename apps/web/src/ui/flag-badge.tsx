import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../api/client';

type Flag = Schemas['DosingStatusDto']['flag'];

// Filled badges with AA contrast for small bold text: dark shades take white text, light yellow dark text.
const FLAG_COLOR: Record<Flag, string> = { ok: 'teal.9', assess: 'yellow.4', retitrate: 'red.9', dropped_out: 'gray.7' };

/** A client's missed-dose flag, the same on every screen. */
export function FlagBadge({ flag, testId = 'flag' }: { flag: Flag; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Badge color={FLAG_COLOR[flag]} autoContrast miw="max-content" data-testid={testId}>
      {t(`flag.${flag}`)}
    </Badge>
  );
}
