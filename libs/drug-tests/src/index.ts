export * from './drug-tests.module';
export * from './drug-tests.service';
export * from './drug-test-report-sql';
export { selectedTestDays, dueOn, daysInMonth, MAX_DRUG_TESTS_PER_MONTH } from './selection';
export { SUBSTANCES } from './entities/drug-test.entity';
