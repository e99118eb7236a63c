import type { DomainEvent } from '@tongban/platform';

/** A client left treatment (discharge, drop-out, transfer, death): nothing more goes to them or about them. */
export interface ClientLeftTreatment extends DomainEvent {
  readonly type: 'client.left_treatment';
  readonly clientId: string;
}
