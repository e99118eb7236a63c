import { Role } from '@tongban/platform';
import { ClientRecord, clinicDay, makeClient, makeClinic, makeDoseOrder, makeStaff, pinClock, signInAdmin, SignedIn } from './factories';
import { startTestApp, TestApp } from './support/test-app';
import { DAY } from './support/test-clock';

interface Order {
  id: string;
  status: string;
  endDate: string | null;
  endReason: string | null;
  voidReason: string | null;
  writtenBy: { id: string; displayName: string | null };
  note: string | null;
}

/** Dose orders ended early or voided, and the history that shows each order's status and who wrote it. */
describe('dose orders: end, void and history', () => {
  let t: TestApp;
  let coordinator: SignedIn;
  let physician: SignedIn;
  let nurse: SignedIn;
  let foreignPhysician: SignedIn;

  beforeAll(async () => {
    t = await startTestApp();
    pinClock(t);
    const admin = await signInAdmin(t);
    const clinic = await makeClinic(t, admin);
    const otherClinic = await makeClinic(t, admin);
    coordinator = await makeStaff(t, admin, Role.Coordinator, clinic.id);
    physician = await makeStaff(t, admin, Role.Physician, clinic.id);
    nurse = await makeStaff(t, admin, Role.Nurse, clinic.id);
    foreignPhysician = await makeStaff(t, admin, Role.Physician, otherClinic.id);
  });
  afterAll(() => t.close());

  function day(offset = 0): string {
    return clinicDay(t, offset);
  }

  function newClient(intakeDaysAgo = 0): Promise<ClientRecord> {
    return makeClient(t, coordinator, { intakeDate: day(-intakeDaysAgo) });
  }

  function recordDose(clientId: string, body: Record<string, unknown> = { doseMg: 60, kind: 'observed' }) {
    return t.http.post(`/api/v1/clients/${clientId}/doses`).set(nurse.auth).send(body);
  }

  function endOrder(who: SignedIn, clientId: string, orderId: string, body: Record<string, unknown>) {
    return t.http.post(`/api/v1/clients/${clientId}/dose-orders/${orderId}/end`).set(who.auth).send(body);
  }

  function voidOrder(who: SignedIn, clientId: string, orderId: string, body: Record<string, unknown> = { reason: 'wrong client' }) {
    return t.http.post(`/api/v1/clients/${clientId}/dose-orders/${orderId}/void`).set(who.auth).send(body);
  }

  async function ordersOf(clientId: string): Promise<Order[]> {
    return (await t.http.get(`/api/v1/clients/${clientId}/dose-orders`).set(nurse.auth).expect(200)).body.items as Order[];
  }

  it('shows each order with its status, who wrote it and its note', async () => {
    const client = await newClient(3);
    const old = await makeDoseOrder(t, physician, client.id, { doseMg: 50, effectiveDate: day(-3) });
    const current = await makeDoseOrder(t, physician, client.id, { doseMg: 60, note: 'watch for drowsiness' });
    const next = await makeDoseOrder(t, physician, client.id, { doseMg: 70, effectiveDate: day(2) });
    const orders = await ordersOf(client.id);
    expect(orders.map(({ id, status }) => [id, status])).toEqual([
      [next.id, 'scheduled'],
      [current.id, 'active'],
      [old.id, 'superseded'],
    ]);
    expect(orders[1]).toMatchObject({
      note: 'watch for drowsiness',
      writtenBy: { id: physician.id, displayName: 'Test physician' },
      endDate: null,
      voidReason: null,
    });
  });

  it('ends an order on the date given: in force through it, ended after, and no order in force then', async () => {
    const client = await newClient();
    const order = await makeDoseOrder(t, physician, client.id);
    await recordDose(client.id).expect(201);
    const res = await endOrder(physician, client.id, order.id, { date: day(), reason: 'tapered off' }).expect(200);
    expect(res.body).toMatchObject({ id: order.id, status: 'active', endDate: day(), endReason: 'tapered off' });
    const events = await t.dataSource.query(`SELECT 1 FROM audit_event WHERE action = 'dose_order.end' AND target_id = $1`, [order.id]);
    expect(events).toHaveLength(1);
    t.clock.advance(DAY);
    expect((await ordersOf(client.id))[0].status).toBe('ended');
    const status = await t.http.get(`/api/v1/clients/${client.id}/dosing-status`).set(nurse.auth).expect(200);
    expect(status.body.activeOrder).toBeNull();
    expect((await recordDose(client.id).expect(422)).body.code).toBe('NO_ACTIVE_ORDER');
  });

  it('refuses to end an order before its effective date (400) or before a dose given under it (422 ORDER_IN_USE)', async () => {
    const client = await newClient(1);
    const order = await makeDoseOrder(t, physician, client.id, { effectiveDate: day(-1) });
    await recordDose(client.id).expect(201);
    expect((await endOrder(physician, client.id, order.id, { date: day(-2), reason: 'x' }).expect(400)).body.code).toBe(
      'VALIDATION_FAILED',
    );
    expect((await endOrder(physician, client.id, order.id, { date: day(-1), reason: 'x' }).expect(422)).body.code).toBe('ORDER_IN_USE');
  });

  it('refuses to end an order twice with 409 ORDER_ALREADY_CLOSED', async () => {
    const client = await newClient();
    const order = await makeDoseOrder(t, physician, client.id);
    await endOrder(physician, client.id, order.id, { date: day(1), reason: 'plan' }).expect(200);
    expect((await endOrder(physician, client.id, order.id, { date: day(2), reason: 'plan' }).expect(409)).body.code).toBe(
      'ORDER_ALREADY_CLOSED',
    );
  });

  it('voids an order no dose was given under: never in force, listed as voided with its reason', async () => {
    const client = await newClient();
    const order = await makeDoseOrder(t, physician, client.id, { doseMg: 600 / 2 });
    const res = await voidOrder(physician, client.id, order.id, { reason: 'meant 30 mg' }).expect(200);
    expect(res.body).toMatchObject({ id: order.id, status: 'voided', voidReason: 'meant 30 mg' });
    expect((await recordDose(client.id, { doseMg: 300, kind: 'observed' }).expect(422)).body.code).toBe('NO_ACTIVE_ORDER');
    expect((await voidOrder(physician, client.id, order.id).expect(409)).body.code).toBe('ORDER_ALREADY_CLOSED');
  });

  it('brings back the earlier order when a later one is voided', async () => {
    const client = await newClient(1);
    const earlier = await makeDoseOrder(t, physician, client.id, { doseMg: 60, effectiveDate: day(-1) });
    const mistaken = await makeDoseOrder(t, physician, client.id, { doseMg: 90 });
    await voidOrder(physician, client.id, mistaken.id).expect(200);
    const status = await t.http.get(`/api/v1/clients/${client.id}/dosing-status`).set(nurse.auth).expect(200);
    expect(status.body.activeOrder).toMatchObject({ id: earlier.id, doseMg: 60 });
  });

  it('refuses to void an order a dose was given under with 422 ORDER_IN_USE, and allows it once the dose is voided', async () => {
    const client = await newClient();
    const order = await makeDoseOrder(t, physician, client.id);
    const dose = (await recordDose(client.id).expect(201)).body as { id: string };
    expect((await voidOrder(physician, client.id, order.id).expect(422)).body.code).toBe('ORDER_IN_USE');
    await t.http.post(`/api/v1/clients/${client.id}/doses/${dose.id}/void`).set(nurse.auth).send({ reason: 'wrong client' }).expect(200);
    await voidOrder(physician, client.id, order.id).expect(200);
  });

  it('lets only a physician end or void an order (403), and answers 404 for another clinic or another client’s order', async () => {
    const client = await newClient();
    const other = await newClient();
    const order = await makeDoseOrder(t, physician, client.id);
    await endOrder(nurse, client.id, order.id, { date: day(), reason: 'x' }).expect(403);
    await voidOrder(coordinator, client.id, order.id).expect(403);
    await voidOrder(foreignPhysician, client.id, order.id).expect(404);
    await voidOrder(physician, other.id, order.id).expect(404);
    await endOrder(physician, other.id, order.id, { date: day(), reason: 'x' }).expect(404);
    expect((await ordersOf(client.id))[0].status).toBe('active');
  });

  it.each([
    ['no reason', { date: '2026-01-01' }],
    ['a blank reason', { date: '2026-01-01', reason: ' ' }],
    ['no date', { reason: 'x' }],
    ['a date that does not exist', { date: '2026-02-30', reason: 'x' }],
  ])('refuses an end with %s with 400', async (_what, body) => {
    const client = await newClient();
    const order = await makeDoseOrder(t, physician, client.id);
    expect((await endOrder(physician, client.id, order.id, body).expect(400)).body.code).toBe('VALIDATION_FAILED');
  });
});
