import { sql, Sql } from '@tongban/platform';

/** The days after an episode's start within which an MSPSS counts as its baseline (api.md, "Reports"). */
export const BASELINE_WINDOW_DAYS = 30;

/**
 * The baseline social support of an episode, as SQL: the MSPSS total (mean of
 * the 12 items, 1–7) of the client's first MSPSS dated from the episode's
 * start to 30 days after it (earliest date, then earliest recorded), or NULL
 * when there is none. `clientId` and `episodeStart` are SQL expressions. Read
 * through the (client_id, instrument, date) index. This file loads nothing but
 * the platform, so the reports use it without the rest of the area.
 */
export function baselineMspssTotalSql(clientId: Sql, episodeStart: Sql): Sql {
  return sql`(SELECT ba.total FROM assessment ba
               WHERE ba.client_id = ${clientId} AND ba.instrument = 'mspss'
                 AND ba.date >= ${episodeStart} AND ba.date <= ${episodeStart} + ${BASELINE_WINDOW_DAYS}::int
               ORDER BY ba.date, ba.created_at, ba.id LIMIT 1)`;
}
