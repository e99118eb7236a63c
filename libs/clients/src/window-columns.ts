/**
 * What another area shows beside each client of the dispensing window's
 * list, read in the list's own statement (ClientsService.inTreatment): SQL
 * over the page's client `c` (its id is `c.id`), `joins` (LATERAL joins,
 * may be empty) and `columns` (select-list items, each with an alias: the
 * alias is the field of the row handed back). `param` adds a parameter and
 * answers its placeholder.
 *
 * The area that owns the tables writes the SQL (libs/dosing: coverage, the
 * order in force, today's parts); the client's own columns stay here. They
 * are applied to the page only, after the clients are chosen and limited.
 */
export type WindowColumns = (param: (value: unknown) => string) => { joins: string; columns: string };
