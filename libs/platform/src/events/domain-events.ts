import { Global, Injectable, Module } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * Something that happened in one area which other areas act on: a consent
 * ended, a client left treatment, an appointment was set. The publishing area
 * owns the event's type and names no one who listens.
 */
export interface DomainEvent {
  readonly type: string;
}

/** What the subscribers did about an event, summed by name (for the publisher's audit entry), e.g. `{ remindersCancelled: 2 }`. */
export type Consequences = Record<string, number>;

export type DomainEventHandler<E extends DomainEvent> = (em: EntityManager, event: E) => Promise<Consequences>;

/**
 * Domain events delivered inside the publisher's transaction: a subscriber
 * writes its own tables with the publisher's `EntityManager`, so what it does
 * commits or rolls back with what caused it (the subscriber's rows are the
 * outbox its own delivery reads). No area writes another area's tables.
 * Publishing an event no loaded area subscribes to is a programming error (a
 * process without the subscriber's module), never a silent loss.
 */
@Injectable()
export class DomainEvents {
  private readonly handlers = new Map<string, Array<DomainEventHandler<DomainEvent>>>();

  subscribe<E extends DomainEvent>(type: E['type'], handler: DomainEventHandler<E>): void {
    const list = this.handlers.get(type) ?? [];
    list.push(handler as DomainEventHandler<DomainEvent>);
    this.handlers.set(type, list);
  }

  /** Calls every subscriber of the event's type with the publisher's transaction; returns what they did. */
  async publish(em: EntityManager, event: DomainEvent): Promise<Consequences> {
    const handlers = this.handlers.get(event.type);
    if (!handlers?.length) throw new Error(`No subscriber for the domain event ${event.type} in this process.`);
    const consequences: Consequences = {};
    for (const handler of handlers) {
      for (const [name, count] of Object.entries(await handler(em, event))) consequences[name] = (consequences[name] ?? 0) + count;
    }
    return consequences;
  }
}

/** One {@link DomainEvents} for the whole process. */
@Global()
@Module({ providers: [DomainEvents], exports: [DomainEvents] })
export class DomainEventsModule {}
