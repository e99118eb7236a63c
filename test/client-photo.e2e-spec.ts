import { randomBytes } from 'node:crypto';
import { Role } from '@tongban/platform';
import {
  addToCareTeam,
  ClientRecord,
  ClinicRecord,
  grantEmergencyAccess,
  makeClient,
  makeClinic,
  makeStaff,
  recordConsent,
  signInAdmin,
  SignedIn,
} from './factories';
import type {} from 'superagent';
import { startTestApp, TestApp } from './support/test-app';
import { binaryBody } from './support/binary-body';

const JPEG_MAGIC = Buffer.from([0xff, 0xd8, 0xff, 0xe0]);
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const TWO_MB = 2 * 1024 * 1024;

function jpeg(size = 4096): Buffer {
  return Buffer.concat([JPEG_MAGIC, randomBytes(size - JPEG_MAGIC.length)]);
}

function png(size = 4096): Buffer {
  return Buffer.concat([PNG_MAGIC, randomBytes(size - PNG_MAGIC.length)]);
}

describe('client photo', () => {
  let t: TestApp;
  let admin: SignedIn;
  let clinic: ClinicRecord;
  let coordinator: SignedIn;
  let nurse: SignedIn;
  let physician: SignedIn;
  let teamCounselor: SignedIn;
  let otherCounselor: SignedIn;
  let leader: SignedIn;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signInAdmin(t);
    clinic = await makeClinic(t, admin);
    [coordinator, nurse, physician, teamCounselor, otherCounselor, leader] = await Promise.all([
      makeStaff(t, admin, Role.Coordinator, clinic.id),
      makeStaff(t, admin, Role.Nurse, clinic.id),
      makeStaff(t, admin, Role.Physician, clinic.id),
      makeStaff(t, admin, Role.Counselor, clinic.id),
      makeStaff(t, admin, Role.Counselor, clinic.id),
      makeStaff(t, admin, Role.PeerLeader, clinic.id),
    ]);
  });
  afterAll(() => t.close());

  function put(who: SignedIn, clientId: string, body: Buffer, type: string) {
    return t.http.put(`/api/v1/clients/${clientId}/photo`).set(who.auth).set('Content-Type', type).send(body);
  }

  function get(who: SignedIn, clientId: string) {
    return t.http.get(`/api/v1/clients/${clientId}/photo`).set(who.auth).buffer(true).parse(binaryBody);
  }

  async function accessLogActions(clientId: string): Promise<string[]> {
    const res = await t.http.get(`/api/v1/clients/${clientId}/access-log`).query({ limit: 200 }).set(coordinator.auth).expect(200);
    return res.body.items.map((event: { action: string }) => event.action);
  }

  it('stores a JPEG and gives back the same bytes with its type and Cache-Control no-store', async () => {
    const client = await makeClient(t, coordinator);
    const image = jpeg();
    await put(coordinator, client.id, image, 'image/jpeg').expect(204);
    const res = await get(coordinator, client.id).expect(200);
    expect(res.headers['content-type']).toBe('image/jpeg');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(Buffer.compare(res.body as Buffer, image)).toBe(0);
  });

  it('keeps the photo encrypted at rest', async () => {
    const client = await makeClient(t, coordinator);
    const image = png();
    await put(coordinator, client.id, image, 'image/png').expect(204);
    const rows = await t.dataSource.query<Array<{ image: string }>>('SELECT image FROM client_photo WHERE client_id = $1', [client.id]);
    expect(rows).toHaveLength(1);
    expect(rows[0].image.startsWith('v1.')).toBe(true);
    expect(rows[0].image).not.toContain(image.toString('base64').slice(0, 40));
    expect(rows[0].image).not.toContain(image.toString('base64url').slice(0, 40));
  });

  it('lets the nurse and the care-team counselor replace the photo, one photo per client', async () => {
    const client = await makeClient(t, coordinator);
    await addToCareTeam(t, coordinator, client.id, teamCounselor);
    await put(nurse, client.id, jpeg(), 'image/jpeg').expect(204);
    const second = png();
    await put(teamCounselor, client.id, second, 'image/png').expect(204);
    const res = await get(physician, client.id).expect(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(res.body as Buffer, second)).toBe(0);
    const rows = await t.dataSource.query('SELECT id FROM client_photo WHERE client_id = $1', [client.id]);
    expect(rows).toHaveLength(1);
  });

  it('accepts a photo of exactly 2 MB', async () => {
    const client = await makeClient(t, coordinator);
    await put(coordinator, client.id, jpeg(TWO_MB), 'image/jpeg').expect(204);
  });

  it('refuses a photo larger than 2 MB with 413 problem+json and stores nothing', async () => {
    const client = await makeClient(t, coordinator);
    const res = await put(coordinator, client.id, jpeg(TWO_MB + 1), 'image/jpeg').expect(413);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
    await get(coordinator, client.id).expect(404);
  });

  it('refuses a body that is not JPEG or PNG with 415 problem+json', async () => {
    const client = await makeClient(t, coordinator);
    const gif = await put(coordinator, client.id, Buffer.from('GIF89a-and-more-bytes'), 'image/gif').expect(415);
    expect(gif.headers['content-type']).toContain('application/problem+json');
    expect(gif.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const json = await t.http.put(`/api/v1/clients/${client.id}/photo`).set(coordinator.auth).send({ image: 'x' }).expect(415);
    expect(json.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('refuses bytes that are not the image type sent, and an empty body, with 400', async () => {
    const client = await makeClient(t, coordinator);
    const mismatch = await put(coordinator, client.id, jpeg(), 'image/png').expect(400);
    expect(mismatch.body.code).toBe('VALIDATION_FAILED');
    expect(mismatch.body.errors).toEqual([{ field: 'body', message: 'the body is not a PNG image' }]);
    const text = await put(coordinator, client.id, Buffer.from('<script>alert(1)</script>'), 'image/jpeg').expect(400);
    expect(text.body.code).toBe('VALIDATION_FAILED');
    const empty = await put(coordinator, client.id, Buffer.alloc(0), 'image/jpeg').expect(400);
    expect(empty.body.code).toBe('VALIDATION_FAILED');
    await get(coordinator, client.id).expect(404);
  });

  it('deletes the photo with 204; then the photo is 404 and a second delete is 404', async () => {
    const client = await makeClient(t, coordinator);
    await put(coordinator, client.id, jpeg(), 'image/jpeg').expect(204);
    await t.http.delete(`/api/v1/clients/${client.id}/photo`).set(nurse.auth).expect(204);
    await get(coordinator, client.id).expect(404);
    await t.http.delete(`/api/v1/clients/${client.id}/photo`).set(coordinator.auth).expect(404);
  });

  it('carries hasPhoto in GET /clients/:id and GET /clients, and in no peer leader’s answer', async () => {
    const client = await makeClient(t, coordinator);
    const without = await makeClient(t, coordinator);
    await addToCareTeam(t, coordinator, client.id, leader);
    await recordConsent(t, coordinator, client.id, { scope: 'peer_support' });
    await put(coordinator, client.id, jpeg(), 'image/jpeg').expect(204);
    const one = await t.http.get(`/api/v1/clients/${client.id}`).set(coordinator.auth).expect(200);
    expect(one.body.hasPhoto).toBe(true);
    const other = await t.http.get(`/api/v1/clients/${without.id}`).set(nurse.auth).expect(200);
    expect(other.body.hasPhoto).toBe(false);
    const list = await t.http.get('/api/v1/clients').query({ q: client.code }).set(nurse.auth).expect(200);
    expect(list.body.items).toEqual([expect.objectContaining({ id: client.id, hasPhoto: true })]);
    const asLeader = await t.http.get(`/api/v1/clients/${client.id}`).set(leader.auth).expect(200);
    expect(asLeader.body).not.toHaveProperty('hasPhoto');
  });

  it('never shows the photo to a peer leader (404), even of a client they see', async () => {
    const client = await makeClient(t, coordinator);
    await addToCareTeam(t, coordinator, client.id, leader);
    await recordConsent(t, coordinator, client.id, { scope: 'peer_support' });
    await put(coordinator, client.id, jpeg(), 'image/jpeg').expect(204);
    await t.http.get(`/api/v1/clients/${client.id}`).set(leader.auth).expect(200);
    const res = await get(leader, client.id).expect(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });

  it('answers 404 to a counselor off the care team and 403 to a physician or peer leader changing the photo', async () => {
    const client = await makeClient(t, coordinator);
    await put(otherCounselor, client.id, jpeg(), 'image/jpeg').expect(404);
    await get(otherCounselor, client.id).expect(404);
    await put(physician, client.id, jpeg(), 'image/jpeg').expect(403);
    await put(leader, client.id, jpeg(), 'image/jpeg').expect(403);
    await t.http.delete(`/api/v1/clients/${client.id}/photo`).set(physician.auth).expect(403);
  });

  it('shows the photo under emergency access, but never lets emergency access change or delete it', async () => {
    const client = await makeClient(t, coordinator);
    const image = jpeg();
    await put(coordinator, client.id, image, 'image/jpeg').expect(204);
    await grantEmergencyAccess(t, otherCounselor, client.id);
    const res = await get(otherCounselor, client.id).expect(200);
    expect(Buffer.compare(res.body as Buffer, image)).toBe(0);
    await put(otherCounselor, client.id, png(), 'image/png').expect(404);
    await t.http.delete(`/api/v1/clients/${client.id}/photo`).set(otherCounselor.auth).expect(404);
    const again = await get(coordinator, client.id).expect(200);
    expect(Buffer.compare(again.body as Buffer, image)).toBe(0);
  });

  it('writes the upload, each view and the deletion to the client’s access log', async () => {
    const client = await makeClient(t, coordinator);
    await put(nurse, client.id, jpeg(), 'image/jpeg').expect(204);
    await get(nurse, client.id).expect(200);
    await t.http.delete(`/api/v1/clients/${client.id}/photo`).set(coordinator.auth).expect(204);
    expect(await accessLogActions(client.id)).toEqual(
      expect.arrayContaining(['client_photo.upload', 'client_photo.read', 'client_photo.delete']),
    );
  });

  describe('the dispensing window’s list (GET /dosing/today)', () => {
    async function window(q?: string): Promise<Array<Record<string, unknown>>> {
      const res = await t.http
        .get('/api/v1/dosing/today')
        .query(q === undefined ? { limit: 200 } : { q, limit: 200 })
        .set(nurse.auth)
        .expect(200);
      return res.body.items as Array<Record<string, unknown>>;
    }

    it('gives names, date of birth and hasPhoto, and narrows by q exactly as GET /clients?q= does', async () => {
      const client: ClientRecord = await makeClient(t, coordinator, { givenName: '小明', familyName: '王', dateOfBirth: '1979-03-04' });
      await put(nurse, client.id, jpeg(), 'image/jpeg').expect(204);
      for (const q of ['王小明', ' 王 小明 ', client.code.toLowerCase(), String(Number(client.code.split('-')[1]))]) {
        const rows = await window(q);
        const api = await t.http.get('/api/v1/clients').query({ q }).set(nurse.auth).expect(200);
        expect(rows.map((row) => row.clientId)).toEqual(api.body.items.map((item: { id: string }) => item.id));
        expect(rows).toEqual([
          expect.objectContaining({ clientId: client.id, givenName: '小明', familyName: '王', dateOfBirth: '1979-03-04', hasPhoto: true }),
        ]);
      }
      expect(await window('王小')).toEqual([]);
      const all = await window();
      expect(all.map((row) => row.clientId)).toContain(client.id);
    });
  });
});
