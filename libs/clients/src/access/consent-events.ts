import type { DomainEvent } from '@tongban/platform';
import type { ConsentScope } from './entities/consent.entity';

/** A consent was revoked: what rested on its scope ends with it, unless another consent of that scope is in force. */
export interface ConsentRevoked extends DomainEvent {
  readonly type: 'consent.revoked';
  readonly clientId: string;
  readonly scope: ConsentScope;
  readonly consentId: string;
}
