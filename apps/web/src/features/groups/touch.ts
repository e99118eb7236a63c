/**
 * Peer leaders record attendance on their phones: every control of this area
 * is at least 44 px high (Mantine's `lg` inputs and buttons are 50 px).
 */
export const TOUCH = 'lg';

/** A segmented control's segments at least 48 px high, their label centred. */
export const SEGMENT_STYLES = {
  label: { minHeight: 48, display: 'flex', alignItems: 'center', justifyContent: 'center' },
} as const;
