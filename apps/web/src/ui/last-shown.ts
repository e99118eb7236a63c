import { useState } from 'react';

/**
 * The last value that was not null: what a dialog that is closing still names in its title while it fades out. A
 * dialog whose title went empty the moment it was asked to close has no accessible name for the length of its fade.
 */
export function useLastShown<T>(value: T | null): T | null {
  const [last, setLast] = useState(value);
  if (value !== null && value !== last) setLast(value);
  return value ?? last;
}
