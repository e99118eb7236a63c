import { Column, Entity, ForeignKey, Index } from 'typeorm';
import { ClientRecord } from '@tongban/clients';

export const SUBSTANCES = [
  'opiates',
  'morphine',
  'heroin',
  'methadone',
  'buprenorphine',
  'fentanyl',
  'methamphetamine',
  'amphetamine',
  'ketamine',
  'cocaine',
  'cannabis',
  'benzodiazepines',
  'mdma',
] as const;
export type Substance = (typeof SUBSTANCES)[number];

/** The substances whose positive result is a positive opiate test (reports, the counselor's follow-up). */
export const OPIATES: readonly Substance[] = ['opiates', 'morphine', 'heroin'];

export const TEST_RESULTS = ['negative', 'positive', 'invalid'] as const;
export type TestResult = (typeof TEST_RESULTS)[number];

/**
 * A urine drug test of a client on a clinic day: refused, or with a result per
 * substance (`drug_test_result`). `positive_opiate` is decided when it is
 * recorded (a positive opiate result or a refusal), for the reports and the
 * counselor's follow-up.
 */
@Entity('drug_test')
@Index('IDX_drug_test_client_date', ['clientId', 'date'])
@Index('IDX_drug_test_clinic_date', ['clinicId', 'date'])
export class DrugTest extends ClientRecord {
  @Column({ type: 'date' })
  date!: string;

  @Column({ type: 'boolean' })
  observed!: boolean;

  @Column({ type: 'boolean' })
  refused!: boolean;

  @Column({ type: 'boolean' })
  positiveOpiate!: boolean;

  @Column({ type: 'uuid' })
  @ForeignKey('Staff')
  recordedBy!: string;

  @Column({ type: 'timestamptz' })
  recordedAt!: Date;
}
