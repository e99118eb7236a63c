import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../api/client';

// Shades chosen for AA contrast: dark text on yellow, white on deep red and dark.
const COLORS: Record<Schemas['DosingStatusDto']['flag'], string> = {
  ok: 'gray.7',
  assess: 'yellow.5',
  retitrate: 'red.9',
  dropped_out: 'dark.6',
};

export function FlagBadge({ flag }: { flag: Schemas['DosingStatusDto']['flag'] }) {
  const { t } = useTranslation();
  return (
    <Badge color={COLORS[flag]} variant={flag === 'ok' ? 'outline' : 'filled'} autoContrast>
      {t(`flag.${flag}`)}
    </Badge>
  );
}
