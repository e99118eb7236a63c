import { Check, Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import type { Substance, TestResult } from './drug-test.entity';

/** One substance's result of a drug test: at most one per substance. */
@Entity('drug_test_result')
@Check(
  'CHK_drug_test_result_substance',
  `"substance" IN ('opiates', 'morphine', 'heroin', 'methadone', 'buprenorphine', 'fentanyl', 'methamphetamine', 'amphetamine', 'ketamine', 'cocaine', 'cannabis', 'benzodiazepines', 'mdma')`,
)
@Check('CHK_drug_test_result_result', `"result" IN ('negative', 'positive', 'invalid')`)
export class DrugTestResult {
  @PrimaryColumn({ type: 'uuid' })
  @ForeignKey('DrugTest', { onDelete: 'CASCADE' })
  testId!: string;

  @PrimaryColumn({ type: 'varchar', length: 20 })
  substance!: Substance;

  @Column({ type: 'varchar', length: 10 })
  result!: TestResult;
}
