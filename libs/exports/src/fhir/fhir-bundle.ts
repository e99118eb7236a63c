import { createHash } from 'node:crypto';

/**
 * A client's record as an HL7 FHIR R4 `Bundle` of type `collection`, for a
 * referral to a hospital (api.md, `GET /clients/:id/fhir`). Pure: the
 * service reads the record through each area's own service and hands it here.
 * Resources refer to each other by `urn:uuid:` full URLs, so the bundle
 * stands on its own. Counseling notes never enter it, nor any free text a
 * staff member wrote (notes, reasons, care-plan goal descriptions and
 * reviews, referral notes and outcomes), nor an assessment's item answers.
 * The one exception is the organisation a referral goes to, as a display
 * name: it is what the referral needs (product.md, `referral` consent).
 */

/** Methadone, coded in RxNorm (ingredient 6813) and ATC (N07BC02). */
export const METHADONE = {
  coding: [
    { system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '6813', display: 'methadone' },
    { system: 'http://www.whocc.no/atc', code: 'N07BC02', display: 'methadone' },
  ],
  text: 'methadone',
} as const;

const MG = { unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' } as const;

export interface FhirPatientInput {
  id: string;
  code: string;
  clinicCode: string;
  givenName?: string;
  familyName?: string;
  dateOfBirth?: string;
  sex?: string;
  preferredLanguage?: string;
  /** Only where the caller sees contact details. */
  phone?: string | null;
  email?: string | null;
}

export interface FhirEpisodeInput {
  id: string;
  startDate: string;
  endDate: string | null;
  endReason: string | null;
}

export interface FhirOrderInput {
  id: string;
  doseMg: number;
  effectiveDate: string;
  splitDose: boolean;
  takeHomeDaysPerWeek: number;
  status: string;
  createdAt: string;
  endDate: string | null;
}

export interface FhirDoseInput {
  id: string;
  clinicDay: string;
  doseMg: number;
  kind: string;
  coversDays: number;
  voided: boolean;
}

export interface FhirConsentInput {
  id: string;
  scope: string;
  status: string;
  validFrom: string;
  validUntil: string | null;
  recordedAt: string;
}

export interface FhirDrugTestInput {
  id: string;
  date: string;
  observed: boolean;
  refused: boolean;
  results: Array<{ substance: string; result: string }>;
}

/** An assessment's scores only: the item answers never reach the bundle. */
export interface FhirAssessmentInput {
  id: string;
  instrument: string;
  date: string;
  total: number;
  subscales: Record<string, number>;
  band: string | null;
}

/** A care-plan goal without its description or review notes (free text about the client). */
export interface FhirGoalInput {
  id: string;
  domain: string;
  targetDate: string | null;
  status: string;
  /** The latest review's progress (`better`, `same`, `worse`), if any. */
  latestProgress: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The care plan of an episode (one per episode). */
export interface FhirCarePlanInput {
  episodeId: string;
  startedOn: string;
  goals: FhirGoalInput[];
}

/** A referral without its note or outcome (free text). */
export interface FhirReferralInput {
  id: string;
  service: string;
  organisation: string;
  date: string;
  status: string;
  attendedOn: string | null;
}

export interface FhirRecord {
  patient: FhirPatientInput;
  episodes: FhirEpisodeInput[];
  orders: FhirOrderInput[];
  doses: FhirDoseInput[];
  drugTests: FhirDrugTestInput[];
  assessments: FhirAssessmentInput[];
  carePlans: FhirCarePlanInput[];
  referrals: FhirReferralInput[];
  consents: FhirConsentInput[];
  /** When the bundle was made (its `timestamp`). */
  at: Date;
}

export type FhirResource = { resourceType: string; id: string } & Record<string, unknown>;

export interface FhirBundle {
  resourceType: 'Bundle';
  id: string;
  type: 'collection';
  timestamp: string;
  entry: Array<{ fullUrl: string; resource: FhirResource }>;
}

const ref = (id: string) => ({ reference: `urn:uuid:${id}` });

const GENDERS: Record<string, string> = { female: 'female', male: 'male', other: 'other', unknown: 'unknown' };

function patient(input: FhirPatientInput): FhirResource {
  const telecom = [
    ...(input.phone ? [{ system: 'phone', value: input.phone, use: 'mobile' }] : []),
    ...(input.email ? [{ system: 'email', value: input.email }] : []),
  ];
  return {
    resourceType: 'Patient',
    id: input.id,
    identifier: [{ system: `urn:tongban:clinic:${input.clinicCode}:client-code`, value: input.code }],
    ...(input.familyName || input.givenName
      ? {
          name: [
            {
              use: 'official',
              ...(input.familyName ? { family: input.familyName } : {}),
              ...(input.givenName ? { given: [input.givenName] } : {}),
            },
          ],
        }
      : {}),
    ...(telecom.length > 0 ? { telecom } : {}),
    ...(input.sex ? { gender: GENDERS[input.sex] ?? 'unknown' } : {}),
    ...(input.dateOfBirth ? { birthDate: input.dateOfBirth } : {}),
    ...(input.preferredLanguage
      ? { communication: [{ language: { coding: [{ system: 'urn:ietf:bcp:47', code: input.preferredLanguage }] }, preferred: true }] }
      : {}),
  };
}

function episodeOfCare(input: FhirEpisodeInput, patientId: string): FhirResource {
  return {
    resourceType: 'EpisodeOfCare',
    id: input.id,
    status: input.endDate ? 'finished' : 'active',
    type: [{ text: 'Methadone maintenance treatment' }],
    patient: ref(patientId),
    period: { start: input.startDate, ...(input.endDate ? { end: input.endDate } : {}) },
  };
}

/** An order's status as of today, in FHIR's words. */
const ORDER_STATUS: Record<string, string> = {
  active: 'active',
  scheduled: 'active',
  superseded: 'completed',
  ended: 'stopped',
  voided: 'entered-in-error',
};

function medicationRequest(input: FhirOrderInput, patientId: string): FhirResource {
  const parts = input.splitDose ? 2 : 1;
  return {
    resourceType: 'MedicationRequest',
    id: input.id,
    status: ORDER_STATUS[input.status] ?? 'unknown',
    intent: 'order',
    medicationCodeableConcept: METHADONE,
    subject: ref(patientId),
    authoredOn: input.createdAt,
    dosageInstruction: [
      {
        text: `${input.doseMg} mg a day${parts === 2 ? ' in two parts' : ''}, observed; take-home at most ${input.takeHomeDaysPerWeek} days a week`,
        timing: {
          repeat: {
            boundsPeriod: { start: input.effectiveDate, ...(input.endDate ? { end: input.endDate } : {}) },
            frequency: parts,
            period: 1,
            periodUnit: 'd',
          },
        },
        route: { coding: [{ system: 'http://snomed.info/sct', code: '26643006', display: 'Oral route' }] },
        doseAndRate: [{ doseQuantity: { value: input.doseMg / parts, ...MG } }],
      },
    ],
  };
}

/** The order in force on a day: the latest not voided that took effect by then and had not ended. */
function orderOn(orders: FhirOrderInput[], day: string): FhirOrderInput | undefined {
  return orders
    .filter((order) => order.status !== 'voided' && order.effectiveDate <= day && (!order.endDate || order.endDate >= day))
    .sort((a, b) => b.effectiveDate.localeCompare(a.effectiveDate) || b.createdAt.localeCompare(a.createdAt))[0];
}

function episodeOn(episodes: FhirEpisodeInput[], day: string): FhirEpisodeInput | undefined {
  return episodes.find((episode) => episode.startDate <= day && (!episode.endDate || episode.endDate >= day));
}

function administration(input: FhirDoseInput, record: FhirRecord): FhirResource {
  const order = orderOn(record.orders, input.clinicDay);
  const episode = episodeOn(record.episodes, input.clinicDay);
  return {
    resourceType: 'MedicationAdministration',
    id: input.id,
    status: input.voided ? 'entered-in-error' : 'completed',
    medicationCodeableConcept: METHADONE,
    subject: ref(record.patient.id),
    ...(episode ? { context: ref(episode.id) } : {}),
    effectiveDateTime: input.clinicDay,
    ...(order ? { request: ref(order.id) } : {}),
    dosage: { route: { text: 'oral, observed' }, dose: { value: input.doseMg, ...MG } },
  };
}

function dispense(input: FhirDoseInput, record: FhirRecord): FhirResource {
  const order = orderOn(record.orders, input.clinicDay);
  const episode = episodeOn(record.episodes, input.clinicDay);
  return {
    resourceType: 'MedicationDispense',
    id: input.id,
    status: input.voided ? 'entered-in-error' : 'completed',
    medicationCodeableConcept: METHADONE,
    subject: ref(record.patient.id),
    ...(episode ? { context: ref(episode.id) } : {}),
    ...(order ? { authorizingPrescription: [ref(order.id)] } : {}),
    type: { text: 'take-home' },
    daysSupply: { value: input.coversDays, unit: 'd', system: 'http://unitsofmeasure.org', code: 'd' },
    whenHandedOver: input.clinicDay,
    dosageInstruction: [{ text: `${input.doseMg} mg a day`, doseAndRate: [{ doseQuantity: { value: input.doseMg, ...MG } }] }],
  };
}

const CONSENT_STATUS: Record<string, string> = { active: 'active', pending: 'proposed', expired: 'inactive', revoked: 'inactive' };

function consent(input: FhirConsentInput, patientId: string): FhirResource {
  return {
    resourceType: 'Consent',
    id: input.id,
    status: CONSENT_STATUS[input.status] ?? 'inactive',
    scope: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy' }] },
    category: [{ coding: [{ system: 'http://loinc.org', code: '59284-0', display: 'Patient Consent' }] }],
    patient: ref(patientId),
    dateTime: input.recordedAt,
    policyRule: { text: `Tongban consent scope: ${input.scope}` },
    provision: {
      type: 'permit',
      period: { start: input.validFrom, ...(input.validUntil ? { end: input.validUntil } : {}) },
      purpose: [{ system: 'urn:tongban:consent-scope', code: input.scope }],
    },
  };
}

/**
 * A stable UUID for a resource that has no row of its own (a substance's
 * result within a drug test, an episode's care plan): the SHA-1 name-based
 * form (RFC 4122 version 5 layout) of its parts, so the same record always
 * gives the same `urn:uuid:`.
 */
export function derivedId(...parts: string[]): string {
  const hash = createHash('sha1').update(parts.join('\u0000')).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

const LOINC = 'http://loinc.org';
const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
const DATA_ABSENT_REASON = 'http://terminology.hl7.org/CodeSystem/data-absent-reason';
const INTERPRETATION = 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation';

/**
 * The LOINC code of each substance's urine screen, where one exists that
 * matches what the clinic records (a qualitative screen, [Presence] in Urine by
 * Screen method). Sources:
 * - opiates 19295-5: CDC opioid CDS value set "general opiate urine drug screening tests"
 *   (https://build.fhir.org/ig/cqframework/opioid-cds-r4/branches/yale-config-rec10/ValueSet-general-opiate-urine-drug-screening-tests.html);
 * - methadone 19550-3 "Methadone [Presence] in Urine by Screen method": CDC value set "methadone urine drug screening tests"
 *   (https://build.fhir.org/ig/cqframework/opioid-cds-r4/ValueSet-methadone-drug-urine-screening-tests.html);
 * - cannabis 18282-4 (Cannabinoids:PrThr:Pt:Urine:Ord:Screen) and cocaine 14314-9 (its metabolite,
 *   Benzoylecgonine:PrThr:Pt:Urine:Ord:Screen, what a cocaine screen detects): https://www.hddaccess.com/tips/drug-screens-and-loinc;
 * - benzodiazepines 14316-4 "Benzodiazepines Screen, Urine": https://labcorp.com/tests/763900 and
 *   https://uchicagomedlabs.testcatalog.org/show/BDZU-1;
 * - buprenorphine 93494-3 "Buprenorphine Screen, U": https://mml.testcatalog.org/show/BUPS (Mayo Clinic Laboratories);
 * - fentanyl 59673-4 "Fentanyl Screen, Urine": https://rrmclab.testcatalog.org/show/2344223769.
 * No code is given where none was found with confidence: morphine, heroin (its marker is 6-acetylmorphine, a
 * different test), amphetamine (LOINC's screen term is for the class "Amphetamines"), methamphetamine, ketamine
 * and MDMA are text only. Displays are left out: the text says what was tested.
 */
const SUBSTANCE_LOINC: Readonly<Record<string, string>> = {
  opiates: '19295-5',
  methadone: '19550-3',
  buprenorphine: '93494-3',
  fentanyl: '59673-4',
  cocaine: '14314-9',
  cannabis: '18282-4',
  benzodiazepines: '14316-4',
};

const SUBSTANCE_NAMES: Readonly<Record<string, string>> = {
  opiates: 'Opiates',
  morphine: 'Morphine',
  heroin: 'Heroin',
  methadone: 'Methadone',
  buprenorphine: 'Buprenorphine',
  fentanyl: 'Fentanyl',
  methamphetamine: 'Methamphetamine',
  amphetamine: 'Amphetamine',
  ketamine: 'Ketamine',
  cocaine: 'Cocaine (benzoylecgonine)',
  cannabis: 'Cannabinoids',
  benzodiazepines: 'Benzodiazepines',
  mdma: 'MDMA',
};

function substanceCode(substance: string) {
  const code = SUBSTANCE_LOINC[substance];
  return {
    ...(code ? { coding: [{ system: LOINC, code }] } : {}),
    text: `${SUBSTANCE_NAMES[substance] ?? substance} [Presence] in Urine by Screen method`,
  };
}

const LABORATORY = [{ coding: [{ system: OBSERVATION_CATEGORY, code: 'laboratory', display: 'Laboratory' }] }];

function collection(test: FhirDrugTestInput) {
  return { text: test.observed ? 'Urine drug screen, collection observed' : 'Urine drug screen, collection not observed' };
}

const RESULT_INTERPRETATION: Readonly<Record<string, { code: string; display: string }>> = {
  positive: { code: 'POS', display: 'Positive' },
  negative: { code: 'NEG', display: 'Negative' },
};

/**
 * A drug test as Observations: one per substance result; a refused test as
 * one Observation without a value, `asked-declined` (the client was asked
 * and declined), so a refusal is never mistaken for a missing or negative test.
 */
function drugTestObservations(test: FhirDrugTestInput, patientId: string): FhirResource[] {
  if (test.refused) {
    return [
      {
        resourceType: 'Observation',
        id: test.id,
        status: 'final',
        category: LABORATORY,
        code: { text: 'Urine drug screen' },
        subject: ref(patientId),
        effectiveDateTime: test.date,
        dataAbsentReason: {
          coding: [{ system: DATA_ABSENT_REASON, code: 'asked-declined', display: 'Asked But Declined' }],
          text: 'refused',
        },
      },
    ];
  }
  return test.results.map((entry) => {
    const interpretation = RESULT_INTERPRETATION[entry.result];
    return {
      resourceType: 'Observation',
      id: derivedId(test.id, entry.substance),
      status: 'final',
      category: LABORATORY,
      code: substanceCode(entry.substance),
      subject: ref(patientId),
      effectiveDateTime: test.date,
      ...(interpretation
        ? {
            valueCodeableConcept: { coding: [{ system: INTERPRETATION, ...interpretation }], text: entry.result },
            interpretation: [{ coding: [{ system: INTERPRETATION, ...interpretation }] }],
          }
        : // An invalid result (e.g. a diluted or adulterated sample) has no value.
          { dataAbsentReason: { coding: [{ system: DATA_ABSENT_REASON, code: 'error', display: 'Error' }], text: 'invalid' } }),
      method: collection(test),
    };
  });
}

/**
 * Each instrument's total as FHIR codes it. PHQ-9's total score is LOINC 44261-6
 * (US Core example https://hl7.org/fhir/us/core/STU7/Observation-PHQ9-item-example-44261-6.html);
 * no LOINC term was found for the MSPSS (LOINC's social-support terms are for the MOS survey, another
 * instrument) nor for the PSAS: text only.
 */
const INSTRUMENTS: Readonly<Record<string, { name: string; loinc?: string; mean: boolean }>> = {
  phq9: { name: 'Patient Health Questionnaire-9 (PHQ-9) total score', loinc: '44261-6', mean: false },
  mspss: { name: 'Multidimensional Scale of Perceived Social Support (MSPSS) total score, mean of items (1-7)', mean: true },
  stigma: { name: 'Perceived Stigma of Addiction Scale (PSAS) total score', mean: false },
};

const SUBSCALE_NAMES: Readonly<Record<string, string>> = {
  family: 'Family',
  friends: 'Friends',
  significant_other: 'Significant other',
};

const SCORE_UNIT = { unit: 'score', system: 'http://unitsofmeasure.org', code: '{score}' } as const;

function score(value: number, mean: boolean) {
  return mean || !Number.isInteger(value) ? { valueQuantity: { value, ...SCORE_UNIT } } : { valueInteger: value };
}

/** An assessment as one Observation: its total, the subscales as components; never the item answers. */
function assessmentObservation(input: FhirAssessmentInput, patientId: string): FhirResource {
  const instrument = INSTRUMENTS[input.instrument] ?? { name: `${input.instrument} total score`, mean: false };
  const subscales = Object.entries(input.subscales);
  return {
    resourceType: 'Observation',
    id: input.id,
    status: 'final',
    category: [{ coding: [{ system: OBSERVATION_CATEGORY, code: 'survey', display: 'Survey' }] }],
    code: {
      ...(instrument.loinc ? { coding: [{ system: LOINC, code: instrument.loinc }] } : {}),
      text: instrument.name,
    },
    subject: ref(patientId),
    effectiveDateTime: input.date,
    ...score(input.total, instrument.mean),
    ...(input.band ? { interpretation: [{ text: `${input.band.replace(/_/g, ' ')} depression` }] } : {}),
    ...(subscales.length > 0
      ? {
          component: subscales.map(([key, value]) => ({
            code: { text: `${instrument.name.replace(/ total score.*$/, '')} subscale: ${SUBSCALE_NAMES[key] ?? key}` },
            ...score(value, instrument.mean),
          })),
        }
      : {}),
  };
}

const GOAL_DOMAIN_NAMES: Readonly<Record<string, string>> = {
  health: 'Health',
  drug_use: 'Drug use',
  family: 'Family',
  work_income: 'Work and income',
  housing: 'Housing',
  legal: 'Legal',
  social_peer_support: 'Social and peer support',
};

const GOAL_LIFECYCLE: Readonly<Record<string, string>> = { open: 'active', achieved: 'completed', dropped: 'cancelled' };
const REVIEW_ACHIEVEMENT: Readonly<Record<string, string>> = { better: 'improving', same: 'no-change', worse: 'worsening' };

/** How far a goal is: reached, given up, or (open) as its latest review found it. */
function achievement(goal: FhirGoalInput): string {
  if (goal.status === 'achieved') return 'achieved';
  if (goal.status === 'dropped') return 'not-achieved';
  return (goal.latestProgress && REVIEW_ACHIEVEMENT[goal.latestProgress]) || 'in-progress';
}

/** A goal: its domain, target date and status; its description and review notes stay in the clinic. */
function goal(input: FhirGoalInput, patientId: string): FhirResource {
  const domain = GOAL_DOMAIN_NAMES[input.domain] ?? input.domain;
  const code = achievement(input);
  return {
    resourceType: 'Goal',
    id: input.id,
    lifecycleStatus: GOAL_LIFECYCLE[input.status] ?? 'active',
    achievementStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/goal-achievement', code }] },
    category: [{ coding: [{ system: 'urn:tongban:care-plan-goal-domain', code: input.domain, display: domain }], text: domain }],
    description: { text: `Care plan goal: ${domain.toLowerCase()}` },
    subject: ref(patientId),
    startDate: input.createdAt.slice(0, 10),
    ...(input.targetDate ? { target: [{ dueDate: input.targetDate }] } : {}),
    statusDate: input.updatedAt.slice(0, 10),
  };
}

function carePlan(input: FhirCarePlanInput, record: FhirRecord): FhirResource {
  const episode = record.episodes.find((entry) => entry.id === input.episodeId);
  return {
    resourceType: 'CarePlan',
    id: derivedId(input.episodeId, 'care-plan'),
    status: episode?.endDate ? 'completed' : 'active',
    intent: 'plan',
    title: 'Methadone maintenance treatment care plan',
    subject: ref(record.patient.id),
    period: { start: input.startedOn, ...(episode?.endDate ? { end: episode.endDate } : {}) },
    ...(episode ? { supportingInfo: [ref(episode.id)] } : {}),
    ...(input.goals.length > 0 ? { goal: input.goals.map((entry) => ref(entry.id)) } : {}),
  };
}

const REFERRAL_SERVICE_NAMES: Readonly<Record<string, string>> = {
  hiv: 'HIV testing or care',
  hepatitis_c: 'Hepatitis C care',
  tuberculosis: 'Tuberculosis care',
  mental_health: 'Mental health care',
  employment: 'Employment support',
  social_assistance: 'Social assistance',
  housing: 'Housing support',
  legal_aid: 'Legal aid',
  other: 'Other service',
};

/**
 * A referral's status in FHIR's words: `made` is still open; `attended` is
 * done; `not_attended`, and a referral closed without the client attending,
 * ended before it was carried out (`revoked`).
 */
function referralStatus(input: FhirReferralInput): string {
  if (input.status === 'made') return 'active';
  if (input.status === 'attended') return 'completed';
  if (input.status === 'closed') return input.attendedOn ? 'completed' : 'revoked';
  return 'revoked';
}

/** A referral: the service, the organisation as a name only, status and date; its note and outcome stay in the clinic. */
function serviceRequest(input: FhirReferralInput, patientId: string): FhirResource {
  const service = REFERRAL_SERVICE_NAMES[input.service] ?? input.service;
  return {
    resourceType: 'ServiceRequest',
    id: input.id,
    status: referralStatus(input),
    intent: 'order',
    category: [{ text: 'Referral to an outside service' }],
    code: { coding: [{ system: 'urn:tongban:referral-service', code: input.service, display: service }], text: service },
    subject: ref(patientId),
    authoredOn: input.date,
    ...(input.attendedOn ? { occurrenceDateTime: input.attendedOn } : {}),
    performer: [{ display: input.organisation }],
  };
}

/** The bundle of one client's record; the id is the bundle's own (a fresh UUID from the caller). */
export function fhirBundle(bundleId: string, record: FhirRecord): FhirBundle {
  const patientId = record.patient.id;
  const resources: FhirResource[] = [
    patient(record.patient),
    ...record.episodes.map((episode) => episodeOfCare(episode, patientId)),
    ...record.orders.map((order) => medicationRequest(order, patientId)),
    ...record.doses.map((dose) => (dose.kind === 'take_home' ? dispense(dose, record) : administration(dose, record))),
    ...record.drugTests.flatMap((test) => drugTestObservations(test, patientId)),
    ...record.assessments.map((assessment) => assessmentObservation(assessment, patientId)),
    ...record.carePlans.flatMap((plan) => [carePlan(plan, record), ...plan.goals.map((entry) => goal(entry, patientId))]),
    ...record.referrals.map((referral) => serviceRequest(referral, patientId)),
    ...record.consents.map((entry) => consent(entry, patientId)),
  ];
  return {
    resourceType: 'Bundle',
    id: bundleId,
    type: 'collection',
    timestamp: record.at.toISOString(),
    entry: resources.map((resource) => ({ fullUrl: `urn:uuid:${resource.id}`, resource })),
  };
}
