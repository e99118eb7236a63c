export * from './assessments.module';
export * from './assessments.service';
export * from './baseline-sql';
export * from './instruments';
export * from './scoring';
