import { Role } from '@tongban/platform';
import { appendFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { eventHash, GENESIS_HASH } from '@tongban/platform/audit/audit-chain';
import { AuditCheckpoints } from '@tongban/platform/audit/audit-checkpoints';
import { AuditEvent } from '@tongban/platform/audit/entities/audit-event.entity';
import { makeClinic, makeStaff, signInAdmin, SignedIn } from './factories';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Someone with write access to the table disables the append-only trigger,
 * edits or deletes events behind the application's back, and enables it
 * again. The chain notices.
 */
describe('audit chain against tampering', () => {
  let t: TestApp;
  let admin: SignedIn;

  beforeEach(async () => {
    t = await startTestApp();
    admin = await signInAdmin(t);
  });
  afterEach(() => t.close());

  async function asAttacker(sql: string, params: unknown[]): Promise<void> {
    await t.dataSource.query('ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only');
    await t.dataSource.query(sql, params);
    await t.dataSource.query('ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only');
  }

  async function clinicWithHistory(): Promise<{ clinicId: string; coordinator: SignedIn; eventIds: string[] }> {
    const clinicId = (await makeClinic(t, admin)).id;
    const coordinator = await makeStaff(t, admin, Role.Coordinator, clinicId);
    await makeStaff(t, admin, Role.Nurse, clinicId);
    await t.http.patch(`/api/v1/clinics/${clinicId}/settings`).set(coordinator.auth).send({ dropoutDays: 7 }).expect(200);
    const rows = await t.dataSource.query<Array<{ id: string }>>('SELECT id FROM audit_event WHERE chain = $1 ORDER BY seq', [clinicId]);
    return { clinicId, coordinator, eventIds: rows.map((row) => row.id) };
  }

  it('reports an edited event as the first broken one', async () => {
    const { coordinator, eventIds } = await clinicWithHistory();
    const edited = eventIds[2];
    await asAttacker(`UPDATE audit_event SET details = '{"dropoutDays": 365}' WHERE id = $1`, [edited]);
    const res = await t.http.get('/api/v1/audit-events/verify').set(coordinator.auth).expect(200);
    expect(res.body).toEqual({ ok: false, checked: 3, firstBrokenId: edited });
    const forAdmin = await t.http.get('/api/v1/audit-events/verify').set(admin.auth).expect(200);
    expect(forAdmin.body).toMatchObject({ ok: false, firstBrokenId: edited });
  });

  it('reports an event whose actor was swapped, even with its hash recomputed by a naive attacker', async () => {
    const { coordinator, eventIds } = await clinicWithHistory();
    const target = eventIds[1];
    await asAttacker(`UPDATE audit_event SET actor_id = NULL, hash = md5(hash) || md5(hash) WHERE id = $1`, [target]);
    const res = await t.http.get('/api/v1/audit-events/verify').set(coordinator.auth).expect(200);
    expect(res.body).toMatchObject({ ok: false, firstBrokenId: target });
  });

  it('reports the event after a deleted one', async () => {
    const { coordinator, eventIds } = await clinicWithHistory();
    await asAttacker('DELETE FROM audit_event WHERE id = $1', [eventIds[1]]);
    const res = await t.http.get('/api/v1/audit-events/verify').set(coordinator.auth).expect(200);
    expect(res.body).toMatchObject({ ok: false, firstBrokenId: eventIds[2] });
  });

  it('notices a deleted last event through the chain head', async () => {
    const { coordinator, eventIds } = await clinicWithHistory();
    await asAttacker('DELETE FROM audit_event WHERE id = $1', [eventIds[eventIds.length - 1]]);
    const res = await t.http.get('/api/v1/audit-events/verify').set(coordinator.auth).expect(200);
    expect(res.body).toMatchObject({ ok: false, firstBrokenId: null });
  });

  it("leaves other clinics' chains intact", async () => {
    const tampered = await clinicWithHistory();
    const untouched = await clinicWithHistory();
    await asAttacker(`UPDATE audit_event SET action = 'nothing.happened' WHERE id = $1`, [tampered.eventIds[0]]);
    const res = await t.http.get('/api/v1/audit-events/verify').set(untouched.coordinator.auth).expect(200);
    expect(res.body).toEqual({ ok: true, checked: untouched.eventIds.length, firstBrokenId: null });
  });

  /** Rewrites a chain's events as they were written before hash version 2 (ADR 0002), and its head to match. */
  async function asWrittenWithVersion1(chain: string): Promise<void> {
    const events = await t.dataSource.getRepository(AuditEvent).find({ where: { chain }, order: { seq: 'ASC' } });
    let prevHash = GENESIS_HASH;
    for (const event of events) {
      const hash = eventHash({ ...event, prevHash }, 1);
      await asAttacker('UPDATE audit_event SET prev_hash = $2, hash = $3, hash_version = 1 WHERE id = $1', [event.id, prevHash, hash]);
      prevHash = hash!;
    }
    await t.dataSource.query('UPDATE audit_chain_head SET hash = $2, prev_hash = NULL WHERE chain = $1', [chain, prevHash]);
  }

  describe('with events written before hash version 2', () => {
    it('verifies the older events and the newer ones linked after them', async () => {
      const { clinicId, coordinator, eventIds } = await clinicWithHistory();
      await asWrittenWithVersion1(clinicId);
      await t.http.patch(`/api/v1/clinics/${clinicId}/settings`).set(coordinator.auth).send({ dropoutDays: 14 }).expect(200);
      const versions = await t.dataSource.query<Array<{ hash_version: number }>>(
        'SELECT hash_version FROM audit_event WHERE chain = $1 ORDER BY seq',
        [clinicId],
      );
      expect(versions.map((row) => row.hash_version)).toEqual([...eventIds.map(() => 1), 3]);
      const res = await t.http.get('/api/v1/audit-events/verify').set(coordinator.auth).expect(200);
      expect(res.body).toEqual({ ok: true, checked: eventIds.length + 1, firstBrokenId: null });
    });

    it('reports an edited older event', async () => {
      const { clinicId, coordinator, eventIds } = await clinicWithHistory();
      await asWrittenWithVersion1(clinicId);
      await asAttacker(`UPDATE audit_event SET details = '{"dropoutDays": 365}' WHERE id = $1`, [eventIds[2]]);
      const res = await t.http.get('/api/v1/audit-events/verify').set(coordinator.auth).expect(200);
      expect(res.body).toEqual({ ok: false, checked: 3, firstBrokenId: eventIds[2] });
    });

    it('reports a newer event relabelled as an older version', async () => {
      const { coordinator, eventIds } = await clinicWithHistory();
      await asAttacker('UPDATE audit_event SET hash_version = 1 WHERE id = $1', [eventIds[1]]);
      const res = await t.http.get('/api/v1/audit-events/verify').set(coordinator.auth).expect(200);
      expect(res.body).toEqual({ ok: false, checked: 2, firstBrokenId: eventIds[1] });
    });
  });

  describe('anchored by signed checkpoints outside the database', () => {
    /** Cuts the chain's newest `count` events and rewrites its head to the event before them, as someone who can write the database would. */
    async function cutTail(chain: string, count: number): Promise<void> {
      const events = await t.dataSource.query<Array<{ id: string; seq: string; hash: string; prev_hash: string }>>(
        'SELECT id, seq::text AS seq, hash, prev_hash FROM audit_event WHERE chain = $1 ORDER BY seq DESC',
        [chain],
      );
      for (const event of events.slice(0, count)) await asAttacker('DELETE FROM audit_event WHERE id = $1', [event.id]);
      const last = events[count];
      await t.dataSource.query('UPDATE audit_chain_head SET seq = $2, hash = $3, prev_hash = $4 WHERE chain = $1', [
        chain,
        last.seq,
        last.hash,
        last.prev_hash,
      ]);
    }

    it('passes a tail cut behind the chain, head included, only until a checkpoint has anchored it', async () => {
      const unanchored = await clinicWithHistory();
      await cutTail(unanchored.clinicId, 2);
      // The chain alone cannot tell: what remains is a whole chain.
      const before = await t.http.get('/api/v1/audit-events/verify').set(unanchored.coordinator.auth).expect(200);
      expect(before.body).toMatchObject({ ok: true });

      const anchored = await clinicWithHistory();
      expect(await t.app.get(AuditCheckpoints).writeNow()).toBeGreaterThan(0);
      await cutTail(anchored.clinicId, 2);
      const after = await t.http.get('/api/v1/audit-events/verify').set(anchored.coordinator.auth).expect(200);
      expect(after.body).toMatchObject({ ok: false, firstBrokenId: null });
      const forAdmin = await t.http.get('/api/v1/audit-events/verify').set(admin.auth).expect(200);
      expect(forAdmin.body).toMatchObject({ ok: false });
    });

    it('notices a chain deleted whole once it was anchored', async () => {
      const { clinicId, coordinator } = await clinicWithHistory();
      await t.app.get(AuditCheckpoints).writeNow();
      await asAttacker('DELETE FROM audit_event WHERE chain = $1', [clinicId]);
      await t.dataSource.query('DELETE FROM audit_chain_head WHERE chain = $1', [clinicId]);
      const res = await t.http.get('/api/v1/audit-events/verify').set(coordinator.auth).expect(200);
      expect(res.body).toMatchObject({ ok: false, firstBrokenId: null });
    });

    it('refuses a checkpoint that was not signed with the key of this installation', async () => {
      const { clinicId, coordinator } = await clinicWithHistory();
      const checkpoints = t.app.get(AuditCheckpoints);
      await checkpoints.writeNow();
      const [file] = readdirSync(checkpoints.directory);
      appendFileSync(
        join(checkpoints.directory, file),
        `${JSON.stringify({ v: 1, at: new Date().toISOString(), chain: clinicId, seq: '1', hash: 'f'.repeat(64), mac: 'a'.repeat(64) })}\n`,
      );
      const res = await t.http.get('/api/v1/audit-events/verify').set(coordinator.auth).expect(200);
      expect(res.body).toMatchObject({ ok: false });
    });

    it('verifies an untouched chain that moved on after its checkpoint', async () => {
      const { clinicId, coordinator, eventIds } = await clinicWithHistory();
      await t.app.get(AuditCheckpoints).writeNow();
      await t.http.patch(`/api/v1/clinics/${clinicId}/settings`).set(coordinator.auth).send({ dropoutDays: 21 }).expect(200);
      const res = await t.http.get('/api/v1/audit-events/verify').set(coordinator.auth).expect(200);
      expect(res.body).toEqual({ ok: true, checked: eventIds.length + 1, firstBrokenId: null });
    });
  });
});
