import { Modal } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ChangePasswordForm } from './change-password-form';
import './messages';

/** The user menu's "Change password". */
export default function ChangePasswordModal({ onClose, onChanged }: { onClose: () => void; onChanged: () => void }) {
  const { t } = useTranslation('account');
  return (
    <Modal opened onClose={onClose} title={t('password.title')} closeButtonProps={{ 'aria-label': t('common:action.close') }}>
      <ChangePasswordForm onChanged={onChanged} onCancel={onClose} />
    </Modal>
  );
}
