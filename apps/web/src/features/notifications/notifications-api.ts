import { api, ok, type Schemas } from '../../api/client';

export type Notice = Schemas['NotificationDto'];

/** The caller's own notices (every role's): one query key, so reading one updates the header's count too. */
export const NOTIFICATIONS_KEY = ['notifications'] as const;

/** The newest notices, as many as the header counts and the page shows first. */
export const NOTICES_SHOWN = 50;

export function loadNotices(cursor?: string) {
  return ok(api.GET('/api/v1/notifications', { params: { query: { limit: NOTICES_SHOWN, cursor } } }));
}
