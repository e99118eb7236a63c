import { useState } from 'react';
import { Modal, type ModalProps } from '@mantine/core';

/**
 * Mantine's Modal for a dialog about something the screen holds while it is open: once closed, it keeps the title it
 * showed for as long as it fades out. A title worked out from what the dialog is about goes empty the moment that is
 * cleared, and a closing dialog without a title has no accessible name.
 */
export function Dialog({ opened, title, ...props }: ModalProps) {
  const [shown, setShown] = useState(title);
  if (opened && title && title !== shown) setShown(title);
  return <Modal opened={opened} title={opened ? title : shown} {...props} />;
}
