export * from './dosing.module';
export * from './dosing.service';
export { dropoutEndSql, missedStreakStartSql } from './coverage-sql';
export { dispensedByDaySql } from './dosing.repository';
