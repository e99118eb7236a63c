export * from './dosing.module';
export * from './dosing.service';
export { dropoutEndSql } from './coverage-sql';
