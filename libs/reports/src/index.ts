export * from './reports.module';
export * from './reports.service';
