import { api, ok, type Schemas } from './client';
import { allPages } from './pages';

export type DosingTodayItem = Schemas['DosingTodayItemDto'];

/** One cache entry for today's window, shared by the dispensing window and the coordinator's census. */
export const DOSING_TODAY_KEY = ['dosing', 'today'] as const;

/** Every page of today's list (a large clinic has a few thousand active clients) and the clinic day it is for. */
export async function loadDosingToday(): Promise<{ clinicDay: string; items: DosingTodayItem[] }> {
  let clinicDay = '';
  const items = await allPages(async (cursor) => {
    const page = await ok(api.GET('/api/v1/dosing/today', { params: { query: { limit: 200, cursor } } }));
    clinicDay = page.clinicDay;
    return page;
  });
  return { clinicDay, items };
}
