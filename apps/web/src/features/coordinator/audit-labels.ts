import { useTranslation } from 'react-i18next';
import { NS } from './messages';

/** An audit action (`client.read`) in words; an action this app does not know yet shows its code. */
export function useAuditLabels() {
  const { t } = useTranslation(NS);
  return {
    action: (action: string) => t(`auditAction.${action}`, { defaultValue: action }),
    grounds: (grounds: string | null) => (grounds ? t(`grounds.${grounds}`, { defaultValue: grounds }) : '—'),
    role: (role: string | null) => (role ? t(`role.${role}`, { ns: 'common', defaultValue: role }) : '—'),
  };
}
