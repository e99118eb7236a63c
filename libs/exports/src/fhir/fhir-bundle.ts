/**
 * A client's record as an HL7 FHIR R4 `Bundle` of type `collection`, for a
 * referral to a hospital (api.md, `GET /clients/:id/fhir`). Pure: the
 * service reads the record through each area's own service and hands it here.
 * Resources refer to each other by `urn:uuid:` full URLs, so the bundle
 * stands on its own. Counseling notes never enter it, nor any free text a
 * staff member wrote (notes, reasons).
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

export interface FhirRecord {
  patient: FhirPatientInput;
  episodes: FhirEpisodeInput[];
  orders: FhirOrderInput[];
  doses: FhirDoseInput[];
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

/** The bundle of one client's record; the id is the bundle's own (a fresh UUID from the caller). */
export function fhirBundle(bundleId: string, record: FhirRecord): FhirBundle {
  const patientId = record.patient.id;
  const resources: FhirResource[] = [
    patient(record.patient),
    ...record.episodes.map((episode) => episodeOfCare(episode, patientId)),
    ...record.orders.map((order) => medicationRequest(order, patientId)),
    ...record.doses.map((dose) => (dose.kind === 'take_home' ? dispense(dose, record) : administration(dose, record))),
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
