import { Injectable, OnModuleInit } from '@nestjs/common';
import { ClientTransferred } from '@tongban/clients';
import { DomainEvents } from '@tongban/platform';
import { DosingRepository } from './dosing.repository';

/**
 * A transferred client's order goes with them (product.md "Transfer"): the
 * order in force at home on the transfer's day is written for the new record
 * at the receiving clinic, effective that day, in the transfer's transaction.
 */
@Injectable()
export class TransferredOrders implements OnModuleInit {
  constructor(
    private readonly events: DomainEvents,
    private readonly dosing: DosingRepository,
  ) {}

  onModuleInit(): void {
    this.events.subscribe<ClientTransferred>('client.transferred', async (em, event) => ({
      ordersCarried: await this.dosing.carryOrder(em, event.fromClientId, event.toClientId, event.toClinicId, event.date),
    }));
  }
}
