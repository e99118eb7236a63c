export * from './counseling.module';
