import type { DomainEvent } from '@tongban/platform';

/** A client left treatment (discharge, drop-out, transfer, death): nothing more goes to them or about them. */
export interface ClientLeftTreatment extends DomainEvent {
  readonly type: 'client.left_treatment';
  readonly clientId: string;
}

/**
 * A client moved to another clinic for good (a transfer accepted): the home
 * record (`fromClientId`) left treatment on `date` and the client is
 * registered at the receiving clinic as `toClientId`. Areas above carry over
 * what is theirs (dosing: the order in force), in the same transaction.
 */
export interface ClientTransferred extends DomainEvent {
  readonly type: 'client.transferred';
  readonly fromClientId: string;
  readonly toClientId: string;
  readonly toClinicId: string;
  readonly date: string;
}
