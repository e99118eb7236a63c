import { api, ok } from '../../api/client';
import { allPages } from '../../api/pages';

/**
 * The lists of one client's record, each read whole (page after page, 200 at
 * a time): care team, consents and orders stay short for a
 * client's whole treatment, and the doses are asked for a window of days.
 * The overview and the sessions tab share the care team's cache entry, so
 * both read it here.
 */
export const clientLists = {
  careTeam: (id: string) =>
    allPages((cursor) => ok(api.GET('/api/v1/clients/{id}/care-team', { params: { path: { id }, query: { limit: 200, cursor } } }))),
  consents: (id: string) =>
    allPages((cursor) => ok(api.GET('/api/v1/clients/{id}/consents', { params: { path: { id }, query: { limit: 200, cursor } } }))),
  doseOrders: (id: string) =>
    allPages((cursor) => ok(api.GET('/api/v1/clients/{id}/dose-orders', { params: { path: { id }, query: { limit: 200, cursor } } }))),
  doses: (id: string, from: string, to: string) =>
    allPages((cursor) => ok(api.GET('/api/v1/clients/{id}/doses', { params: { path: { id }, query: { from, to, limit: 200, cursor } } }))),
};
