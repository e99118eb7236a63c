import type { Sql } from '@tongban/platform';

/** The SQL expressions a {@link DropoutRule} is given, for one client's open episode. */
export interface DropoutTerms {
  /** The client's id (a uuid expression). */
  clientId: Sql;
  /** The first day of the client's open episode (a date expression). */
  episodeStart: Sql;
  /** Today in the clinic's time zone (a date expression). */
  today: Sql;
  /** The clinic's drop-out threshold in days (an int expression). */
  dropoutDays: Sql;
  /**
   * The day the client was registered, as a clinic day (a date expression):
   * before any dose covers a day, missed days count from the later of it and
   * the episode's start. Without it the rule reads it itself.
   */
  registeredOn?: Sql;
}

/**
 * Drop-out as SQL: a date expression, the day the open episode ends by
 * drop-out as of `today` (its last covered day, or its first day when no day
 * is covered), or NULL while it does not.
 *
 * The rule belongs to libs/dosing (which days a dose covers, how missed days
 * count); the episode and the status it ends belong here. libs/dosing imports
 * this library, so it provides its rule under {@link DROPOUT_RULE} (a global
 * provider of the dosing area), and every read of a client here settles a due
 * drop-out with it first: `requireAccess` finds it in the statement that
 * reads the client, a list in one statement over the clients it would show.
 * A process that loads the client record without the dosing area does not
 * start (Nest names the missing provider).
 */
export type DropoutRule = (terms: DropoutTerms) => Sql;

/** The injection token of the {@link DropoutRule}. */
export const DROPOUT_RULE = Symbol('DropoutRule');
